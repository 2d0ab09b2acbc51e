import { aggregateOf, cellOf, EXCEPT, dims, hasContent, isFail, parseExpr, parsePool, refsOf, superlativeOf, type Fail } from "./operands.js";
import { borrow, contextFor, fail, splitPair, type RuleInput, type RuleResult } from "./rule-kit.js";
import type { Expr } from "./types.js";

const LEAD = /^(?:(?:so |then |now )?(?:what|which) (?:is|was|are|were|will be|would be) |what |find |calculate |compute |give |tell me |work out |can you (?:tell|find|give|calculate) (?:me )?|please )*(?:out )?(?:the )?/;
const AND = / (?:and|&|,|vs|versus) /g;

/** "What is the difference between A and B", "how much more is A than B", "A minus B". */
export function differenceRule(input: RuleInput): RuleResult {
  const { t, view } = input;
  const more =
    /\bhow (?:much|many) (?:more|higher|greater|larger|bigger|less|lower|smaller|fewer)(?: \w+)?? (?:is|was|are|were|did|does|do|has|have) (.+?) than (.+)$/.exec(t) ??
    /\bhow many (?:more|fewer|less) (@m\d+.*?) than (.+)$/.exec(t);
  if (more) {
    const pair = splitPair(input, `${more[1]} than ${more[2]}`, / than /g);
    if (pair === null) return null;
    if (isFail(pair)) return pair;
    return { shape: "difference", plan: { kind: "value", expr: { kind: "binary", op: "absdiff", a: pair[0], b: pair[1] } } };
  }
  const minus = /^(?:what is )?(.+?) minus (.+)$/.exec(t.replace(LEAD, ""));
  if (minus) {
    const pair = splitPair(input, `${minus[1]} minus ${minus[2]}`, / minus /g);
    if (pair === null) return null;
    if (isFail(pair)) return pair;
    return { shape: "difference", plan: { kind: "value", expr: { kind: "binary", op: "-", a: pair[0], b: pair[1] } } };
  }
  const deduct = /\b(?:deduct|subtract) (.+?) from (.+)$/.exec(t);
  if (deduct) {
    const pair = splitPair(input, `${deduct[2]} from ${deduct[1]}`, / from /g);
    if (pair === null) return null;
    if (isFail(pair)) return pair;
    return { shape: "difference", plan: { kind: "value", expr: { kind: "binary", op: "-", a: pair[0], b: pair[1] } } };
  }
  const diff = /\b(?:difference|differences|gap|distance)\b(.*)$/.exec(t);
  if (!diff) return null;
  let rest = diff[1]!;
  const between = / between (.+)$/.exec(rest);
  if (between) rest = between[1]!;
  else rest = rest.replace(/^ (?:in|of|for)(?: the)?(?: values?| percentages?| shares?| numbers?| amounts?)?(?: (?:of|for|in))?/, "");
  rest = rest.replace(/^(?:the )?/, "").trim();
  // "the difference between the two bars" on a two-row table
  const both = /^(?:(?:the |these |those )?(?:two|both|@n\d+)(?: the)?(?: \w+)*|(?:all )?(?:the )?(?:bars|values|countries|categories|groups))$/.test(rest) && !/@m/.test(rest);
  if (both && refsOf(rest, input.sk).mentions.length === 0 && view.table.rows.length === 2 && view.valueCols.length === 1) {
    const col = view.valueCols[0]!;
    return {
      shape: "difference",
      plan: { kind: "value", expr: { kind: "binary", op: "absdiff", a: { kind: "cell", cell: { row: 0, col } }, b: { kind: "cell", cell: { row: 1, col } } } },
    };
  }
  const pair = splitPair(input, rest, AND);
  // "the difference between the space available in Europe": its two series (2006 and 2011)
  if (pair === null && view.valueCols.length === 2) {
    const d = dims(refsOf(rest, input.sk).mentions);
    if (!isFail(d) && d.rows.length === 1 && d.cols.length === 0 && refsOf(rest, input.sk).numbers.length === 0) {
      const [a, b] = view.valueCols as [string, string];
      const row = d.rows[0]!;
      return { shape: "difference", plan: { kind: "value", expr: { kind: "binary", op: "absdiff", a: { kind: "cell", cell: { row, col: a } }, b: { kind: "cell", cell: { row, col: b } } } } };
    }
  }
  if (pair === null) return fail("a difference without two operands");
  if (isFail(pair)) return pair;
  return { shape: "difference", plan: { kind: "value", expr: { kind: "binary", op: "absdiff", a: pair[0], b: pair[1] } } };
}

/** "What is the ratio of A to B", "how many times is A bigger than B", "divide A by B". */
export function ratioRule(input: RuleInput): RuleResult {
  const { t } = input;
  const ratio = /\bratio(?: of| between| for)? (.+)$/.exec(t);
  if (ratio) {
    const rest = ratio[1]!.replace(/^(?:the )?(?:values? of )?/, "");
    const pair = splitPair(input, rest, / (?:and|to|by|,|:|with|vs|versus) /g);
    if (pair === null) return fail("a ratio without two operands");
    if (isFail(pair)) return pair;
    return { shape: "ratio", plan: { kind: "value", expr: { kind: "binary", op: "/", a: pair[0], b: pair[1] } } };
  }
  if (/\bmore times\b/.test(t)) return fail(`"how many more times" is ambiguous between a ratio and a difference`);
  const times = /\bhow many times (?:is |are |was |were |does |did |do |has |have )?(.+?) (?:bigger |larger |higher |greater |more |as big as |as much as |as large as |as high as )?(?:than|then) (.+)$/.exec(t);
  if (times) {
    const pair = splitPair(input, `${times[1]!.replace(/ (?:bigger|larger|higher|greater|more)$/, "")} than ${times[2]}`, / than /g);
    if (pair === null) return null;
    if (isFail(pair)) return pair;
    return { shape: "ratio", plan: { kind: "value", expr: { kind: "binary", op: "/", a: pair[0], b: pair[1] } } };
  }
  const divide = /\bdivide (.+?) by (.+?)(?: , .*)?$/.exec(t) ?? /^(?:what is )?(.+?) divided by (.+)$/.exec(t.replace(LEAD, ""));
  if (divide) {
    const pair = splitPair(input, `${divide[1]} by ${divide[2]}`, / by /g);
    if (pair === null) return null;
    if (isFail(pair)) return pair;
    return { shape: "ratio", plan: { kind: "value", expr: { kind: "binary", op: "/", a: pair[0], b: pair[1] } } };
  }
  return null;
}

/** "What is the sum / total / average / median of …". */
export function aggregateRule(input: RuleInput): RuleResult {
  const { t, view } = input;
  // "what's the share of ethnic groups except Chinese and Indians": the rest, together
  const body = t.replace(LEAD, "");
  const fn = aggregateOf(t);
  if (fn === undefined && EXCEPT.test(t) && /^(?:what|how much)\b/.test(t)) {
    const pool = parsePool(body, contextFor(input, [body]));
    if (isFail(pool)) return pool;
    return { shape: "sum", plan: { kind: "value", expr: { kind: "aggregate", fn: "sum", pool } } };
  }
  if (fn === undefined) return null;
  const shape = fn;
  // "the sum of the lowest points in the two lines": one extreme per series
  const each = /\b(?:sum|total|average|mean)(?: of)? (?:the )?(\S+) (?:(?:points?|values?|bars?|figures?) )?(?:in|of|on|for) (?:the |each of the )?(?:two|both|all|@n(\d+))(?: of)?(?: the)? (?:lines|series|graphs|bars|groups|categories)(?: (?:is|are|equals?|equal to|gives?|yields?)(?: to)?(?: what)?)?$/.exec(body);
  if (each && (fn === "sum" || fn === "average") && refsOf(body, input.sk).mentions.length === 0) {
    const sup = superlativeOf(each[1]!, input.sk);
    const n = each[2] !== undefined ? input.sk.numbers[Number(each[2])]!.value : undefined;
    if (sup === undefined || sup.rank !== 1 || (n !== undefined && n !== view.valueCols.length) || view.valueCols.length < 2) return fail("an extreme per series the compiler cannot tie to the table's series");
    const items: Expr[] = view.valueCols.map((col) => ({ kind: "rank", dir: sup.dir, k: 1, pool: { kind: "series", col } }));
    return { shape, plan: { kind: "value", expr: { kind: "combine", fn, items } } };
  }
  // A list of separately named numbers: "the average of the smallest and the largest"
  const list = /\b(?:sum|total|average|mean|median|addition|add|product)(?: value)?(?: of| between)? (.+)$/.exec(body);
  if (list && fn !== "median" && fn !== "mode") {
    const items = splitList(input, list[1]!);
    if (items !== null && !isFail(items) && items.some((e) => e.kind !== "cell")) {
      return { shape, plan: { kind: "value", expr: { kind: "combine", fn, items } } };
    }
  }
  if (list) {
    const items = splitList(input, list[1]!);
    if (items !== null && isFail(items)) return items;
  }
  const expr = parseExpr(body, contextFor(input, [body]));
  if (isFail(expr)) return expr;
  // "the average ticket price in 2015": "average" describes the measure, it is not an operation
  if (expr.kind === "cell" && fn === "average" && !/\b(?:average|mean)(?: value)? (?:of|between|for)\b/.test(body)) {
    return { shape: "lookup", plan: { kind: "value", expr } };
  }
  if (expr.kind === "cell" && fn !== "sum") return fail(`a ${fn} of a single value`);
  // "the total number in 2019" over a row whose series include a "Total …" one: that series, or the sum? Refuse.
  if (fn === "sum" && expr.kind === "aggregate" && !/\bsum\b/.test(body)) {
    const p = expr.pool;
    const cols = p.kind === "across" || p.kind === "grid" ? p.cols : p.kind === "cells" ? p.cells.map((c) => c.col) : [];
    if (new Set(cols).size > 1 && cols.some((c) => /^\s*(?:total|all)\b/i.test(c))) return fail("a total where the table has a total series of its own");
  }
  if (expr.kind === "cell" && / (?:and|or|&|plus) |\bboth\b/.test(body)) return fail("a total of several values of which only one is named in the table");
  return { shape: expr.kind === "cell" ? "lookup" : shape, plan: { kind: "value", expr } };
}

/** Split "A, B and C" into expressions; null when there is only one item. */
function splitList(input: RuleInput, text: string): Expr[] | Fail | null {
  const parts = text.split(/ , (?:and )?| and | & | plus /).map((s) => s.trim()).filter((s) => s !== "");
  if (parts.length < 2) return null;
  const ctx = contextFor(input, parts);
  const items: Expr[] = [];
  for (const p of parts) {
    if (!hasContent(p)) return { fail: `"${p}" names nothing in the table` };
    // an item may borrow the dimension it leaves open from the others ("2018 and 2019 in agriculture")
    const own = refsOf(p, input.sk).mentions;
    const others = parts.filter((q) => q !== p).flatMap((q) => refsOf(q, input.sk).mentions);
    const e = parseExpr(p, { ...ctx, context: borrow(ctx.context, others, own) });
    if (isFail(e)) return e;
    items.push(e);
  }
  return items;
}

const CHANGE_VERB = "increase|increased|decrease|decreased|grow|grew|grown|rise|rose|risen|fall|fell|fallen|drop|dropped|decline|declined|change|changed|go up|went up|go down|went down|down|move|moved";

/** "How much did X increase from A to B", "by what percentage did X change between A and B". */
export function changeRule(input: RuleInput): RuleResult {
  const { t, sk, view } = input;
  const verb = new RegExp(`\\b(${CHANGE_VERB}|growth|change)\\b`).exec(t);
  if (!verb) return null;
  const points = new RegExp(`(?:from|between|since|in) (?:the )?(?:year )?(@m\\d+) (?:to|and|until|till|through|-) (?:the )?(?:year )?(@m\\d+)`).exec(t);
  if (!points) return null;
  const a = sk.mentions[Number(points[1]!.slice(2))]!;
  const b = sk.mentions[Number(points[2]!.slice(2))]!;
  const ctx = contextFor(input, [points[0]]);
  const other = dims(ctx.context);
  if (isFail(other)) return other;
  const pa = dims([a]);
  const pb = dims([b]);
  if (isFail(pa) || isFail(pb)) return fail("the two points of a change are not categories");
  if (pa.rows.length !== 1 || pb.rows.length !== 1) return fail("the two points of a change are not categories");
  const from = cellOf(pa.rows, [], ctx);
  const to = cellOf(pb.rows, [], ctx);
  if (isFail(from)) return from;
  if (isFail(to)) return to;
  const percent = /\bby (?:what|how many) (?:percentage|percent)\b|\b(?:percentage|percent) (?:change|increase|decrease|growth|rise|drop|decline)\b/.test(t);
  const falling = /decrease|decline|fall|fell|drop|down/.test(verb[1]!);
  const fromExpr: Expr = { kind: "cell", cell: from };
  const toExpr: Expr = { kind: "cell", cell: to };
  if (view.time === null) return fail("a change between categories that are not points in time");
  if (percent) return { shape: "percentage-change", plan: { kind: "value", expr: { kind: "pct-change", from: fromExpr, to: toExpr } } };
  const expr: Expr = falling ? { kind: "binary", op: "-", a: fromExpr, b: toExpr } : { kind: "binary", op: "-", a: toExpr, b: fromExpr };
  return { shape: "change", plan: { kind: "value", expr } };
}

