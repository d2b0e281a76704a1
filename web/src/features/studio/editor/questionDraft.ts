// A question as the editor holds it: exactly the body of PUT /scenarios/{id}/questions/{qid}.
import type { ChoiceWrite, QuestionRead, QuestionWrite } from "./types";

export type Kind = "single" | "multi" | "text";

export const toQuestionDraft = (q: QuestionRead): QuestionWrite => ({
  prompt_html: q.prompt_html,
  is_multiple_choice: q.is_multiple_choice,
  multi_select: q.multi_select,
  explanation: q.explanation,
  points: q.points,
  choices: q.choices.map((c) => ({
    label: c.label,
    body: c.body,
    is_correct: c.is_correct,
    feedback: c.feedback,
  })),
});

export const kindOf = (q: QuestionWrite): Kind =>
  !q.is_multiple_choice ? "text" : q.multi_select ? "multi" : "single";

export function withKind(q: QuestionWrite, kind: Kind): QuestionWrite {
  if (kind === "text") return { ...q, is_multiple_choice: false, multi_select: false, choices: [] };
  const choices = q.choices?.length ? q.choices : newChoices();
  // Single choice keeps one correct answer at most: the first of those marked.
  const first = choices.findIndex((c) => c.is_correct);
  const fitted =
    kind === "single" ? choices.map((c, i) => ({ ...c, is_correct: i === first })) : choices;
  return { ...q, is_multiple_choice: true, multi_select: kind === "multi", choices: fitted };
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The first letter no choice uses yet. */
export function freeLabel(choices: ChoiceWrite[]): string {
  const used = new Set(choices.map((c) => c.label));
  return [...LETTERS].find((letter) => !used.has(letter)) ?? "Z";
}

export const newChoices = (): ChoiceWrite[] => [
  { label: "A", body: "Choice A", is_correct: true, feedback: null },
  { label: "B", body: "Choice B", is_correct: false, feedback: null },
];

export const newQuestion = (): QuestionWrite => ({
  prompt_html: "<p>New question</p>",
  is_multiple_choice: true,
  multi_select: false,
  explanation: null,
  points: 1,
  choices: newChoices(),
});

/** Empty rich text is no text: the API stores null for an absent explanation or feedback. */
export const orNull = (html: string): string | null => (html === "" ? null : html);

export function moved<T>(items: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= items.length) return items;
  const out = [...items];
  [out[index], out[target]] = [out[target] as T, out[index] as T];
  return out;
}
