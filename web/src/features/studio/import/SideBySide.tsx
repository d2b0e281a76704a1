import { useMemo, useState } from "react";
import { fromExtracted, QuestionPreview } from "./QuestionPreview";
import { SourceBlockView } from "./SourceBlockView";
import { type Row, sideBySideRows } from "./sideBySideRows";
import type { ImportPreview } from "./types";

const PAGE = 50;

/** The document's blocks on the left, what each part became on the right (stacked when the
 * screen is narrow); long documents shown a page of rows at a time. */
export function SideBySide({ preview, label }: { preview: ImportPreview; label: string }) {
  const rows = useMemo(() => sideBySideRows(preview), [preview]);
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <ol className="side-by-side" aria-label={label}>
        {rows.slice(0, shown).map((row) => (
          <li key={row.key} className="pair">
            <div className="pair-source">
              <h4 className="visually-hidden">In the document</h4>
              {row.blocks.map((block) => (
                <SourceBlockView
                  key={block.index}
                  block={block}
                  warnings={row.warnings.get(block.index)}
                  unused={row.unused.has(block.index)}
                />
              ))}
            </div>
            <div className="pair-result">
              {row.question ? (
                <QuestionPreview question={fromExtracted(row.question)} />
              ) : (
                <p className="hint">{rowMeaning(row)}</p>
              )}
            </div>
          </li>
        ))}
      </ol>
      {shown < rows.length && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({rows.length - shown} more parts)
        </button>
      )}
    </>
  );
}

function rowMeaning(row: Row): string {
  if (row.place === "before") return "The scenario's title and introduction.";
  if (row.unused.size === row.blocks.length) return "Not used: in no question.";
  if (row.unused.size > 0)
    return "Partly used (an answer key or notes); the rest is in no question.";
  return "Used as the answer key or notes of the questions it names.";
}
