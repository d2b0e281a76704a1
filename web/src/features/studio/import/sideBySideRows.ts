// The side-by-side preview's rows: the document's blocks in order, each question beside the
// blocks it was read from, the blocks between questions (context, answer key, unused text) on
// their own. One pass over the blocks: a 10,000-question bank stays linear.
import type { ExtractedQuestion, ImportPreview, SourceBlock } from "./types";

export interface Warning {
  message: string;
  source: string;
}

export interface Row {
  key: string;
  blocks: SourceBlock[];
  question: ExtractedQuestion | null;
  /** Before the first question (the title and context), or between or after questions. */
  place: "question" | "before" | "between";
  /** Warnings about these blocks, by block index. */
  warnings: Map<number, Warning[]>;
  unused: Set<number>;
}

export function sideBySideRows(preview: ImportPreview): Row[] {
  const warnings = new Map<number, Warning[]>();
  for (const warning of preview.warnings) {
    if (warning.block === null) continue;
    const list = warnings.get(warning.block) ?? [];
    list.push({ message: warning.message, source: warning.source });
    warnings.set(warning.block, list);
  }
  const unused = new Set(preview.unused_blocks);
  const starts = new Map<number, ExtractedQuestion>();
  for (const question of preview.questions) {
    if (question.source_range) starts.set(question.source_range.first, question);
  }
  const rows: Row[] = [];
  let loose: SourceBlock[] = [];
  const flush = () => {
    if (loose.length === 0) return;
    const place = rows.length === 0 ? "before" : "between";
    rows.push(row(`blocks-${loose[0]?.index}`, loose, null, place, warnings, unused));
    loose = [];
  };
  const blocks = preview.source_blocks;
  for (let i = 0; i < blocks.length; i++) {
    const question = starts.get(i);
    const range = question?.source_range;
    if (question && range) {
      flush();
      rows.push(
        row(`q-${i}`, blocks.slice(i, range.last + 1), question, "question", warnings, unused),
      );
      i = range.last;
    } else {
      const block = blocks[i];
      if (block) loose.push(block);
    }
  }
  flush();
  // A question read from nothing the document shows (unlikely): still listed.
  for (const question of preview.questions) {
    if (!question.source_range)
      rows.push(row(`q-n${question.number}`, [], question, "question", warnings, unused));
  }
  return rows;
}

function row(
  key: string,
  blocks: SourceBlock[],
  question: ExtractedQuestion | null,
  place: Row["place"],
  warnings: Map<number, Warning[]>,
  unused: Set<number>,
): Row {
  const own = new Map<number, Warning[]>();
  const mine = new Set<number>();
  for (const block of blocks) {
    const found = warnings.get(block.index);
    if (found) own.set(block.index, found);
    if (unused.has(block.index)) mine.add(block.index);
  }
  return { key, blocks, question, place, warnings: own, unused: mine };
}

/** Warnings that name no block (a whole-document notice): shown in the summary. */
export function unplacedWarnings(preview: ImportPreview): Warning[] {
  return preview.warnings.filter((w) => w.block === null);
}
