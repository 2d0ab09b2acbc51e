import type { Cell } from "../table/types.js";
import type { TableView } from "./table-view.js";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await as any number string boolean " +
    "table columns math console undefined NaN Infinity Math Number String Object Array JSON"
  ).split(" "),
);

/**
 * Writes snippet lines with readable, unique constant names and the table's names as literals
 * (`r["Country"] === "Malta"`).
 */
export class CodeWriter {
  readonly lines: string[] = [];
  private readonly used = new Set<string>();
  private readonly colConsts = new Map<string, string>();
  /** Pools already written, by their plan (JSON), so a snippet reads each list of values once. */
  readonly pools = new Map<string, string>();

  constructor(readonly view: TableView) {}

  /** Add a line of code. */
  line(text: string): void {
    this.lines.push(text);
  }

  /** A fresh identifier close to `hint` ("malta", "total", "total2"). */
  name(hint: string): string {
    let base = identifier(hint) || "value";
    if (RESERVED.has(base)) base = base + "Value";
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }

  /** A literal for a category or number (`"Malta"`, `2019`). */
  lit(value: Cell): string {
    return typeof value === "number" ? String(value) : JSON.stringify(value);
  }

  /** How the snippet names a column: a quoted literal, or a constant declared once for long headers. */
  colRef(col: string): string {
    if (col.length <= 28) return JSON.stringify(col);
    let ref = this.colConsts.get(col);
    if (ref === undefined) {
      ref = this.name(col.split(/\s+/).slice(0, 3).join(" "));
      this.colConsts.set(col, ref);
      this.lines.unshift(`const ${ref} = ${JSON.stringify(col)};`);
    }
    return ref;
  }

  /** `r["Col"]` (or `r[constant]`). */
  get(row: string, col: string): string {
    return `${row}[${this.colRef(col)}]`;
  }

  /** `r["Col"] as number`. */
  num(row: string, col: string): string {
    return `(${this.get(row, col)} as number)`;
  }

  /** `table.find((r) => r["Country"] === "Malta")!`. */
  findRow(rowIndex: number): string {
    const label = this.view.labels[rowIndex] ?? null;
    return `table.find((r) => ${this.get("r", this.view.labelCol)} === ${this.lit(label)})!`;
  }

  /** The finished snippet. */
  code(): string {
    return this.lines.join("\n") + "\n";
  }
}

/** camelCase identifier from free text ("Western Europe" → "westernEurope", 2019 → "y2019"). */
export function identifier(text: string): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((w) => w !== "")
    .slice(0, 4);
  if (words.length === 0) return "";
  let id = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join("");
  if (/^\d/.test(id)) id = "y" + id;
  return id.slice(0, 32);
}
