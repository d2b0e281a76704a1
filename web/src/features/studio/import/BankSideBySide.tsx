import { useMemo, useState } from "react";
import { bankRows } from "./bankRows";
import { fromPlanned, QuestionPreview } from "./QuestionPreview";
import type { BankPreview } from "./types";

const PAGE = 50;

/** A bank's items beside the questions they become (stacked when the screen is narrow). */
export function BankSideBySide({ preview, text }: { preview: BankPreview; text: string | null }) {
  const rows = useMemo(() => bankRows(preview, text), [preview, text]);
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <ol className="side-by-side" aria-label="The file beside the questions it becomes">
        {rows.slice(0, shown).map((row) => (
          <li key={row.key} className="pair">
            <div className="pair-source">
              <div className={`source-block${row.notes.length ? " flagged" : ""}`}>
                <p className="source-where">
                  {row.question.source || row.question.bank_id} · {row.scenario}
                </p>
                {row.lines !== null && (
                  <pre className="source-text" dir="auto">
                    {row.lines}
                  </pre>
                )}
                {row.notes.length > 0 && (
                  <ul className="block-warnings">
                    {row.notes.map((note) => (
                      <li key={note} dir="auto">
                        <span aria-hidden="true">⚠ </span>
                        <span className="visually-hidden">Note: </span>
                        {note}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            <div className="pair-result">
              <QuestionPreview question={fromPlanned(row.question)} />
            </div>
          </li>
        ))}
      </ol>
      {shown < rows.length && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({rows.length - shown} more questions)
        </button>
      )}
    </>
  );
}
