import { describe, expect, it } from "vitest";
import { bankRows, unplacedNotes } from "./bankRows";
import { sideBySideRows, unplacedWarnings } from "./sideBySideRows";
import type { BankPreview, ImportPreview } from "./types";

const block = (index: number, html: string) => ({
  index,
  source: `paragraph ${index + 1}`,
  kind: "paragraph" as const,
  html,
  text: html,
});
const question = (number: number, first: number, last: number) => ({
  number,
  prompt_html: `<p>Q${number}</p>`,
  prompt_text: `Q${number}`,
  choices: [],
  explanation: null,
  is_multiple_choice: false,
  multi_select: false,
  source: `paragraph ${first + 1}`,
  warnings: [],
  source_range: { first, last },
});

const preview: ImportPreview = {
  title: "Quiz",
  context_html: "<p>Intro</p>",
  context_text: "Intro",
  questions: [question(1, 1, 2), question(2, 4, 5)],
  warnings: [
    { message: "question 2: the prompt is odd", source: "paragraph 5", block: 4 },
    { message: "an equation is shown as its picture", source: "document", block: null },
  ],
  orphans: ["paragraph 4", "paragraph 7"],
  source_blocks: ["Intro", "1. A", "A) x", "Stray", "2. B", "A) y", "Tail"].map((h, i) =>
    block(i, h),
  ),
  unused_blocks: [3, 6],
  unused_tables: 0,
  unused_images: 0,
};

describe("the side-by-side rows of a document", () => {
  it("puts each question beside its blocks and the blocks between questions on their own", () => {
    const rows = sideBySideRows(preview);
    expect(rows.map((r) => [r.place, r.blocks.map((b) => b.index), r.question?.number])).toEqual([
      ["before", [0], undefined],
      ["question", [1, 2], 1],
      ["between", [3], undefined],
      ["question", [4, 5], 2],
      ["between", [6], undefined],
    ]);
  });

  it("shows a warning beside the block it names and marks unused blocks", () => {
    const rows = sideBySideRows(preview);
    expect(rows[3]?.warnings.get(4)?.[0]?.message).toBe("question 2: the prompt is odd");
    expect([...(rows[2]?.unused ?? [])]).toEqual([3]);
    expect(unplacedWarnings(preview).map((w) => w.source)).toEqual(["document"]);
  });
});

describe("the side-by-side rows of a text bank", () => {
  const bank: BankPreview = {
    format: "gift",
    question_count: 2,
    notes: [
      { item: "line 1 (capital)", message: "shuffled choices not kept" },
      { item: "line 9", message: "skipped: a description" },
    ],
    scenarios: [
      {
        title: "Geography",
        context_html: "",
        branching: false,
        questions: ["line 1", "line 5"].map((source, i) => ({
          bank_id: `q${i + 1}`,
          source,
          prompt_html: "<p>?</p>",
          prompt_text: "?",
          kind: "single" as const,
          points: 1,
          explanation: null,
          choices: [],
          links: [],
        })),
      },
    ],
  };
  const text = "::capital::Paris is in {\n=France\n~Spain}\n\nRome is in {=Italy ~Peru}\n";

  it("shows each question's lines up to the next question, with its notes", () => {
    const rows = bankRows(bank, text);
    expect(rows[0]?.lines).toBe("::capital::Paris is in {\n=France\n~Spain}");
    expect(rows[0]?.notes).toEqual(["shuffled choices not kept"]);
    expect(rows[1]?.lines).toBe("Rome is in {=Italy ~Peru}");
    expect(unplacedNotes(bank)).toEqual([{ item: "line 9", message: "skipped: a description" }]);
  });
});
