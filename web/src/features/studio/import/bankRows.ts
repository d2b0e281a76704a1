// A question bank's preview side by side: for a text bank (GIFT, Aiken) each question beside
// the lines it starts at, up to the next question; for XML and QTI, beside the item it names.
import type { BankPreview, PlannedQuestion } from "./types";

export interface BankRow {
  key: string;
  scenario: string;
  question: PlannedQuestion;
  /** The source lines, for a text bank. */
  lines: string | null;
  notes: string[];
}

const LINE = /^line (\d+)/;

export function bankRows(preview: BankPreview, text: string | null): BankRow[] {
  const lines = text?.split(/\r\n|\n|\r/) ?? null;
  const notes = new Map<string, string[]>();
  for (const note of preview.notes) {
    const list = notes.get(note.item) ?? [];
    list.push(note.message);
    notes.set(note.item, list);
  }
  const all = preview.scenarios.flatMap((s) => s.questions.map((q) => ({ scenario: s.title, q })));
  const startOf = (q: PlannedQuestion) => Number(q.source.match(LINE)?.[1] ?? Number.NaN);
  return all.map(({ scenario, q }, i) => {
    const start = startOf(q);
    const following = all[i + 1];
    const end = following ? startOf(following.q) - 1 : (lines?.length ?? 0);
    const shown =
      lines && Number.isFinite(start) && end >= start
        ? lines
            .slice(start - 1, end)
            .join("\n")
            .trimEnd()
        : null;
    return {
      key: `${scenario}-${q.bank_id}`,
      scenario,
      question: q,
      lines: shown,
      notes: [...(notes.get(q.source) ?? []), ...itemNotes(notes, q)],
    };
  });
}

/** Notes whose item names the question differently ("line 3 (capital)" for "line 3"). */
function itemNotes(notes: Map<string, string[]>, q: PlannedQuestion): string[] {
  const out: string[] = [];
  for (const [item, messages] of notes) {
    if (item !== q.source && item.startsWith(`${q.source} (`)) out.push(...messages);
  }
  return out;
}

/** Notes about no question that was kept (a skipped item, the file): shown in the summary. */
export function unplacedNotes(preview: BankPreview): { item: string; message: string }[] {
  const sources = new Set(preview.scenarios.flatMap((s) => s.questions.map((q) => q.source)));
  return preview.notes.filter(
    (n) => !sources.has(n.item) && ![...sources].some((s) => n.item.startsWith(`${s} (`)),
  );
}
