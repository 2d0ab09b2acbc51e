import type { WarningSink } from "./warnings.js";

/**
 * Turn header cells into unique column names: cells are trimmed; an empty cell at position `i` (0-based)
 * becomes `Column {i+1}` (`EMPTY_HEADER`); a repeated name gets ` (2)`, ` (3)`, … appended
 * (`DUPLICATE_HEADER`), skipping any name that is already taken by another header cell.
 *
 * @returns `rawHeader` (trimmed cells as written) and `columns` (the unique names).
 */
export function uniqueColumnNames(
  headerCells: readonly string[],
  warnings: WarningSink,
): { rawHeader: string[]; columns: string[] } {
  const rawHeader = headerCells.map((h) => h.trim());
  // Reserve every name as written first, so a generated name never steals a real header's name.
  const taken = new Set(rawHeader.filter((h) => h !== ""));
  const used = new Set<string>();
  const columns: string[] = [];
  rawHeader.forEach((h, i) => {
    if (h === "") {
      let name = `Column ${i + 1}`;
      if (taken.has(name) || used.has(name)) name = nextFree(name, taken, used);
      warnings.add({
        code: "EMPTY_HEADER",
        message: `Header cell ${i + 1} is empty; the column is named "${name}".`,
        column: name,
      });
      used.add(name);
      columns.push(name);
      return;
    }
    if (!used.has(h)) {
      used.add(h);
      columns.push(h);
      return;
    }
    const name = nextFree(h, taken, used);
    warnings.add({
      code: "DUPLICATE_HEADER",
      message: `Header "${h}" appears more than once; column ${i + 1} is named "${name}".`,
      column: name,
    });
    used.add(name);
    columns.push(name);
  });
  return { rawHeader, columns };
}

function nextFree(base: string, taken: ReadonlySet<string>, used: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!taken.has(candidate) && !used.has(candidate)) return candidate;
  }
}
