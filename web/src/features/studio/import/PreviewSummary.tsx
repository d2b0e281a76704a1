import { unplacedNotes } from "./bankRows";
import { unplacedWarnings } from "./sideBySideRows";
import type { Source } from "./types";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What importing would create, in numbers, and the warnings that name no paragraph. */
export function PreviewSummary({ source }: { source: Source }) {
  if (source.kind === "bank") {
    const { preview } = source;
    const loose = unplacedNotes(preview);
    return (
      <div className="summary">
        <p>
          {preview.format.toUpperCase()} file: {plural(preview.question_count, "question")} in{" "}
          {plural(preview.scenarios.length, "scenario")}, {plural(preview.notes.length, "note")}.
        </p>
        {loose.length > 0 && (
          <ul className="block-warnings">
            {loose.map((note) => (
              <li key={`${note.item}-${note.message}`} dir="auto">
                ⚠ {note.item}: {note.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const previews = source.tabs ? source.tabs.map((t) => t.preview) : [source.preview];
  const count = (pick: (p: (typeof previews)[number]) => number) =>
    previews.reduce((sum, p) => sum + pick(p), 0);
  const loose = previews.flatMap(unplacedWarnings);
  return (
    <div className="summary">
      <p>
        {plural(
          count((p) => p.questions.length),
          "question",
        )}
        ,{" "}
        {plural(
          count((p) => p.warnings.length),
          "warning",
        )}
        ,{" "}
        {plural(
          count((p) => p.unused_blocks.length),
          "unused paragraph",
        )}
        ,{" "}
        {plural(
          count((p) => p.unused_tables),
          "unused table",
        )}
        ,{" "}
        {plural(
          count((p) => p.unused_images),
          "unused image",
        )}
        {source.tabs
          ? `, in ${plural(source.tabs.filter((t) => t.makes_scenario).length, "scenario")} (one per tab)`
          : ""}
        .
      </p>
      {loose.length > 0 && (
        <ul className="block-warnings">
          {loose.map((w) => (
            <li key={`${w.source}-${w.message}`} dir="auto">
              ⚠ {w.source}: {w.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
