// One choice: its text, whether it is correct, its feedback, and its place in the list.
import { RichTextEditor } from "../../../components/editor/RichTextEditor";
import { FieldError } from "./FieldError";
import type { ChoiceWrite } from "./types";

export function ChoiceEditor({
  questionId,
  choice,
  index,
  count,
  multi,
  revision,
  error,
  onChange,
  onCorrect,
  onMove,
  onRemove,
  onBlur,
}: {
  questionId: string;
  choice: ChoiceWrite;
  index: number;
  count: number;
  multi: boolean;
  revision: number;
  error: string | undefined;
  onChange: (change: (c: ChoiceWrite) => ChoiceWrite) => void;
  onCorrect: (checked: boolean) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onBlur: () => void;
}) {
  const label = choice.label ?? String(index + 1);
  const errorId = `choice-${questionId}-${label}-error`;
  return (
    <li className="choice-editor">
      <fieldset>
        <legend>Choice {label}</legend>
        <RichTextEditor
          key={`${revision}-body`}
          label={`Choice ${label}`}
          value={choice.body}
          inline
          invalid={Boolean(error)}
          describedBy={error ? errorId : undefined}
          onChange={(html) => onChange((c) => ({ ...c, body: html }))}
          onBlur={onBlur}
        />
        <FieldError id={errorId} message={error} />
        <label className="correct">
          <input
            type={multi ? "checkbox" : "radio"}
            name={`correct-${questionId}`}
            checked={choice.is_correct ?? false}
            onChange={(event) => onCorrect(event.target.checked)}
          />
          Correct
        </label>
        <RichTextEditor
          key={`${revision}-feedback`}
          label={`Feedback for choice ${label}`}
          value={choice.feedback ?? ""}
          inline
          onChange={(html) => onChange((c) => ({ ...c, feedback: html === "" ? null : html }))}
          onBlur={onBlur}
        />
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            Move up<span className="visually-hidden"> choice {label}</span>
          </button>
          <button
            type="button"
            className="button"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            Move down<span className="visually-hidden"> choice {label}</span>
          </button>
          <button type="button" className="button danger" onClick={onRemove}>
            Remove<span className="visually-hidden"> choice {label}</span>
          </button>
        </div>
      </fieldset>
    </li>
  );
}
