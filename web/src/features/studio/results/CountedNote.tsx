// When the numbers on the page were counted; on a large version, that learners have played
// since and newer numbers are on their way (they replace these by themselves).
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

type Counted = { counted_at: string; refreshing: boolean };

export function CountedNote({ counts }: { counts: (Counted | undefined)[] }) {
  const known = counts.filter((c): c is Counted => c !== undefined);
  const oldest = known.map((c) => c.counted_at).sort()[0];
  if (oldest === undefined) return null;
  const refreshing = known.some((c) => c.refreshing);
  return (
    // A polite live region: a screen reader hears the note change when the recount lands.
    <p className="hint counted-note" role="status">
      Counted <time dateTime={oldest}>{WHEN.format(new Date(oldest))}</time>.
      {refreshing &&
        " Learners have played since: newer numbers are being counted and will appear here."}
    </p>
  );
}
