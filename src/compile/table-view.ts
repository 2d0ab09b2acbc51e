import type { Cell, Table } from "../table/types.js";
import { MONTH_INDEX, tokenize } from "./text.js";

/**
 * How the compiler reads a table: the first column holds the categories (x-axis labels, legend
 * entries, years), the other numeric columns are the series. When the categories are points in time
 * the view also knows their chronological order.
 */
export interface TableView {
  table: Table;
  /** The category column (the table's first column). */
  labelCol: string;
  /** The numeric series: every column after the first whose kind is `number`. */
  valueCols: string[];
  /** Each row's category, in table order. */
  labels: Cell[];
  /** Row order as time when every category is a distinct point in time, else null. */
  time: TimeAxis | null;
  /** True when every series header is a year (a "wide" table: years across, entities down). */
  yearColumns: boolean;
  /** Rows that total the others ("Total", "All adults", "World"): left out of whole-series questions. */
  totalRows: number[];
  /** Catch-all rows ("Other", "Others"): left out when asking which category is largest. */
  otherRows: number[];
}

const TOTAL_LABEL = /^(?:total|totals|overall|all|world|global|average|sum|all adults|all respondents|total respondents|all ages|u\.?s\.? ?adults|all americans|alladults|allrespondents|allamericans)$|\(total\)|^total\b/i;
const OTHER_LABEL = /^(?:others?|other countries|other regions|other brands|other companies|all others?|rest of (?:the )?world)$/i;

/** The chronological order of the rows. */
export interface TimeAxis {
  /** One key per row (larger = later). */
  keys: number[];
  /** How table order relates to time. */
  order: "ascending" | "descending" | "unsorted";
}

/** Build the compiler's view of a parsed table. */
export function viewOf(table: Table): TableView {
  const labelCol = table.columns[0] ?? "";
  const valueCols = table.columns.filter((_, i) => i > 0 && table.kinds[i] === "number");
  const labels = table.rows.map((r) => r[labelCol] ?? null);
  const yearColumns = valueCols.length > 1 && valueCols.every((c) => /^\s*(1[89]|20)\d\d\s*$/.test(c));
  // (also as the reader may space them: "U.S.ad ults", "All ad ults")
  const indices = (re: RegExp) =>
    labels.map((l, i) => (typeof l === "string" && [l, l.replace(/\s+/g, "")].some((x) => re.test(x.replace(/[*†]+$/, "").trim())) ? i : -1)).filter((i) => i >= 0);
  const totalRows = labels.length > 2 ? indices(TOTAL_LABEL) : [];
  const otherRows = labels.length > 2 ? indices(OTHER_LABEL) : [];
  return { table, labelCol, valueCols, labels, time: timeAxis(labels), yearColumns, totalRows, otherRows };
}

/** A sortable key for a category that is a point in time (2019, "'20", "2019/20", "Mar 2021", "Q4 2017"). */
export function timeKeyOf(label: Cell): number | undefined {
  if (label === null) return undefined;
  if (typeof label === "number") return Number.isInteger(label) && label >= 1800 && label <= 2100 ? label : undefined;
  const tokens = tokenize(label);
  if (tokens.length === 0 || tokens.length > 4) return undefined;
  let year: number | undefined;
  let fraction = 0;
  for (const t of tokens) {
    const season = /^(\d{2}|\d{4})\/(\d{2})$/.exec(t.key);
    if (season) {
      const a = Number(season[1]);
      year = a < 100 ? 2000 + a : a;
      fraction += 0.5;
    } else if (/^\d{4}$/.test(t.key) && Number(t.key) >= 1800 && Number(t.key) <= 2100) {
      year = Number(t.key);
    } else if (MONTH_INDEX[t.key] !== undefined) {
      fraction += MONTH_INDEX[t.key]! / 13;
    } else if (/^[qh][1-4]$/.test(t.key)) {
      fraction += Number(t.key[1]) / 5;
    } else if (/^\d{1,2}$/.test(t.key) && year === undefined && tokens.some((u) => MONTH_INDEX[u.key] !== undefined)) {
      fraction += Number(t.key) / 500; // a day of the month
    } else if (!/^(fy|e|est|estimate|forecast|projected|projection|p)$/.test(t.key)) {
      return undefined;
    }
  }
  return year === undefined ? undefined : year + fraction;
}

function timeAxis(labels: Cell[]): TimeAxis | null {
  if (labels.length < 2) return null;
  const keys: number[] = [];
  for (const l of labels) {
    const k = timeKeyOf(l);
    if (k === undefined) return null;
    keys.push(k);
  }
  if (new Set(keys).size !== keys.length) return null;
  const asc = keys.every((k, i) => i === 0 || k > keys[i - 1]!);
  const desc = keys.every((k, i) => i === 0 || k < keys[i - 1]!);
  return { keys, order: asc ? "ascending" : desc ? "descending" : "unsorted" };
}

/** Display text of a category (numbers as printed). */
export function labelText(label: Cell): string {
  return label === null ? "" : String(label);
}
