// The results pages' numbers in words: no graph code, so a page that only lists attempts
// does not load the flow graph's.

const FLAG_TEXT: Record<string, string> = {
  never_chosen: "Nobody chose this distractor",
  chosen_by_strong: "Strong learners chose this distractor more often than weak ones",
};

/** A choice's flags as a sentence ("" when none). */
export function flagText(flags: readonly string[]): string {
  return flags.map((flag) => FLAG_TEXT[flag] ?? flag).join("; ");
}

/** A 0..100 index to one decimal, or "—" for none (no answers, or undefined). */
export function formatIndex(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(1);
}

/** A share (0..1) as a whole percentage. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Seconds as "42 s", "3 min 5 s", "1 h 2 min"; "—" for none. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
