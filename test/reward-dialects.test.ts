import { describe, expect, it } from "vitest";
import { boxedAnswer, detectDialect, readCatPaper, readClarivis } from "../src/reward/dialects.js";

// Realistic samples of each dialect (ChartQA charts two_col_117 and two_col_176).
const CATBOX_CODE = `<programability>yes</programability>
<csv>
Characteristic,Monthly active users in millions
WhatsApp*,2000
Facebook Messenger*,1300
Weixin / WeChat,1225
QQ,595
Telegram,550
Snapchat*,528
</csv>
<code>
const top2 = [...table].sort((a, b) => (b["Monthly active users in millions"] as number) - (a["Monthly active users in millions"] as number)).slice(0, 2);
return top2.reduce((s, r) => s + (r["Monthly active users in millions"] as number), 0);
</code>
<answer>3300</answer>`;

const CATBOX_VISUAL = `<programability>no</programability>
<think>The question asks about colour; the largest slice is drawn in dark blue.</think>
<answer>dark blue</answer>`;

const CLARIVIS = `<think>
The bars are labelled with market shares. American Airlines has the tallest bar at 19.3%,
followed by Southwest Airlines at 17.4%. The difference is 19.3 - 17.4 = 1.9.
</think>
<answer>1.9</answer>`;

const CAT_PAPER_CODE = `<CODE>
I will read the bar values into a DataFrame and compute the answer with pandas.

\`\`\`python
import pandas as pd

chart_data = pd.DataFrame({
    "Characteristic": ["American Airlines", "Southwest Airlines", "Delta Air Lines", 'United Airlines',
                       "Spirit", "Alaska Airlines", "JetBlue Airways", "Frontier", "SkyWest", "Envoy Air", "Other"],
    "Domestic market share": [19.3, 17.4, 15.5, 12.4, 5.8, 5.3, 4.7, 3.6, 3.5, 1.3, 11.2],  # percent
})

top = chart_data.sort_values("Domestic market share", ascending=False).iloc[0]
print(top["Characteristic"])
\`\`\`

The airline with the largest share is American Airlines.

\\boxed{American Airlines}`;

const CAT_PAPER_DIRECT = `<DIRECT>
This chart encodes categories only by colour and the legend overlaps the bars, so reading exact values
is unreliable. The tallest segment in every bar is the light-blue one.

\\boxed{\\text{light blue}}`;

describe("detectDialect", () => {
  it("tells the three dialects apart", () => {
    expect(detectDialect(CATBOX_CODE)).toBe("catbox");
    expect(detectDialect(CATBOX_VISUAL)).toBe("catbox");
    expect(detectDialect(CLARIVIS)).toBe("clarivis-r1");
    expect(detectDialect(CAT_PAPER_CODE)).toBe("cat-paper");
    expect(detectDialect(CAT_PAPER_DIRECT)).toBe("cat-paper");
  });

  it("keeps catbox responses with upper-case <CODE>…</CODE> blocks as catbox", () => {
    expect(detectDialect("<programability>yes</programability><csv>a\n1</csv><CODE>return 1;</CODE>")).toBe("catbox");
  });

  it("reads a bare \\boxed answer as the paper's style and think+boxed-in-answer as Clarivis", () => {
    expect(detectDialect("The answer is \\boxed{12}")).toBe("cat-paper");
    expect(detectDialect("<think>x</think><answer>\\boxed{12}</answer>")).toBe("clarivis-r1");
  });
});

describe("boxedAnswer", () => {
  it("takes the last box, matches nested braces and unwraps LaTeX", () => {
    expect(boxedAnswer("first \\boxed{1} then \\boxed{2}")).toBe("2");
    expect(boxedAnswer("\\boxed{\\frac{1}{2}}")).toBe("\\frac{1}{2}");
    expect(boxedAnswer("\\boxed{\\text{Facebook Messenger}}")).toBe("Facebook Messenger");
    expect(boxedAnswer("\\boxed{45\\%}")).toBe("45%");
    expect(boxedAnswer("\\boxed{$3.2$}")).toBe("3.2");
    expect(boxedAnswer("\\boxed{unclosed")).toBeNull();
    expect(boxedAnswer("\\boxed{ }")).toBeNull();
    expect(boxedAnswer("nothing")).toBeNull();
  });
});

describe("readClarivis", () => {
  it("reads a well-formed think/answer response on the visual path", () => {
    const r = readClarivis(CLARIVIS);
    expect(r).toMatchObject({ format: 1, programmable: false, answer: "1.9", table: null });
    expect(r.output).toMatchObject({ path: "visual", answer: "1.9", stated: "1.9", computed: null, verified: false, error: null });
  });

  it("scores the format 0 but keeps the answer when the shape is off", () => {
    for (const text of ["Sure! <think>a</think><answer>5</answer>", "<think>a</think><answer>5</answer> trailing", "<think> </think><answer>5</answer>", "<answer>5</answer>"]) {
      const r = readClarivis(text);
      expect(r.format, text).toBe(0);
      expect(r.answer, text).toBe("5");
    }
  });

  it("reports a missing answer as a PARSE_ERROR", () => {
    const r = readClarivis("<think>no answer given</think>");
    expect(r.answer).toBeNull();
    expect(r.output.error?.code).toBe("PARSE_ERROR");
  });
});

describe("readCatPaper", () => {
  it("reads the strategy, the DataFrame as the table and the boxed answer", () => {
    const r = readCatPaper(CAT_PAPER_CODE);
    expect(r).toMatchObject({ format: 1, programmable: true, answer: "American Airlines" });
    expect(r.table?.columns).toEqual(["Characteristic", "Domestic market share"]);
    expect(r.table?.rows).toHaveLength(11);
    expect(r.output).toMatchObject({ path: "code", answer: "American Airlines", verified: false });
  });

  it("takes <DIRECT> as the visual path without needing a table", () => {
    const r = readCatPaper(CAT_PAPER_DIRECT);
    expect(r).toMatchObject({ format: 1, programmable: false, answer: "light blue", table: null });
  });

  it("scores the format 0 when the code path has no readable DataFrame, and says why", () => {
    const r = readCatPaper(CAT_PAPER_CODE.replace('"Other"],', '"Other"'));
    expect(r.format).toBe(0);
    expect(r.programmable).toBe(true);
    expect(r.table).toBeNull();
    expect(r.notes.join(" ")).toMatch(/data: /);
  });

  it("needs exactly one strategy token and a boxed answer", () => {
    expect(readCatPaper(CAT_PAPER_CODE.replace("<CODE>", "")).format).toBe(0);
    expect(readCatPaper(CAT_PAPER_CODE.replace("<CODE>", "")).programmable).toBe(true); // inferred from the table
    expect(readCatPaper("<CODE><DIRECT> \\boxed{1}").format).toBe(0);
    const noBox = readCatPaper(CAT_PAPER_DIRECT.replace(/\\boxed\{.*\}/, "light blue"));
    expect(noBox.format).toBe(0);
    expect(noBox.output.error?.code).toBe("PARSE_ERROR");
  });

  it("survives hostile input quickly", () => {
    const t0 = performance.now();
    expect(readCatPaper("<CODE>" + "chart_data = pd.DataFrame(".repeat(50_000)).format).toBe(0);
    expect(readCatPaper("<CODE>\n" + "\\boxed{".repeat(100_000)).answer).toBeNull();
    expect(readCatPaper("<CODE>".repeat(200_000) + "\\boxed{1}").format).toBe(0);
    expect(performance.now() - t0).toBeLessThan(50_000); // hang guard
  });
});
