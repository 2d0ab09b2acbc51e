import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../bin/catbox.js", import.meta.url).pathname;

describe("catbox score (CLI)", () => {
  it("scores raw predictions with relaxed and lenient accuracy and writes per-item scores", () => {
    const dir = mkdtempSync(join(tmpdir(), "catbox-score-"));
    const input = join(dir, "preds.jsonl");
    writeFileSync(
      input,
      [
        { id: 1, prediction: "<answer>2009</answer>", answer: "2009", split: "human" },
        { id: 2, prediction: "The answer is 2010.", answer: "2009", split: "human" }, // relaxed yes (5%), lenient no (years exact)
        { id: 3, prediction: "Approximately 45%", answer: "45", split: "augmented" }, // relaxed no, lenient yes
        { id: 4, prediction: "\\boxed{Lamb}", answer: ["lamb", "corn"], split: "augmented" },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n") + "\nnot json\n",
    );
    const perItem = join(dir, "items.jsonl");
    const r = spawnSync(process.execPath, [BIN, "score", input, "--per-item", perItem], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ items: 4, bad: 1, relaxed: { correct: 3 }, lenient: { correct: 3 } });
    expect(summary.by.split.human.relaxed.correct).toBe(2);
    const items = readFileSync(perItem, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const two = items.find((i) => i.id === 2);
    expect(two).toMatchObject({ relaxed: true, lenient: false });
  });
});
