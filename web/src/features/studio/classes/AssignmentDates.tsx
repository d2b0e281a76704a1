// An assignment's open and due moments, shown in the user's locale with the instant kept in
// <time dateTime>: the class page and the scenario's Sharing tab show them alike.

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The formatted moment, or `none` ("now", "whenever") when the assignment sets no date. */
function When({ iso, none }: { iso: string | null; none: string }) {
  return iso ? <time dateTime={iso}>{WHEN.format(new Date(iso))}</time> : none;
}

/** "opens …, due …" as a hint beside an assignment. */
export function AssignmentDates({
  openAt,
  dueAt,
}: {
  openAt: string | null;
  dueAt: string | null;
}) {
  return (
    <span className="hint">
      opens <When iso={openAt} none="now" />, due <When iso={dueAt} none="whenever" />
    </span>
  );
}
