// The fields one test needs: a choice, several choices, a comparison and number, or a text.
import { SCORE_OPS, type ScoreOp, type Test } from "./tree";

const OP_NAMES: Record<ScoreOp, string> = {
  ">=": "≥ at least",
  ">": "> more than",
  "<=": "≤ at most",
  "<": "< less than",
  "==": "= exactly",
  "!=": "≠ not",
};

export function TestFields({
  test,
  labels,
  name,
  onChange,
}: {
  test: Test;
  labels: string[];
  name: string;
  onChange: (test: Test) => void;
}) {
  switch (test.kind) {
    case "answer_is":
    case "answer_is_not":
    case "answer_has":
      return (
        <select
          aria-label={`Choice for ${name}`}
          className="cond-field"
          value={test.label}
          onChange={(event) => onChange({ ...test, label: event.target.value })}
        >
          {withCurrent(labels, [test.label]).map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
        </select>
      );
    case "answer_in":
    case "answer_set_is":
      return (
        <fieldset className="cond-labels">
          <legend className="visually-hidden">Choices for {name}</legend>
          {withCurrent(labels, test.labels).map((label) => (
            <label key={label} className="cond-check">
              <input
                type="checkbox"
                checked={test.labels.includes(label)}
                onChange={(event) =>
                  onChange({
                    ...test,
                    labels: event.target.checked
                      ? [...test.labels, label]
                      : test.labels.filter((l) => l !== label),
                  })
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
      );
    case "score":
      return (
        <>
          <select
            aria-label={`Comparison for ${name}`}
            className="cond-field"
            value={test.op}
            onChange={(event) => onChange({ ...test, op: event.target.value as ScoreOp })}
          >
            {SCORE_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_NAMES[op]}
              </option>
            ))}
          </select>
          <input
            aria-label={`Score for ${name}`}
            className="cond-field"
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={test.value}
            onChange={(event) =>
              onChange({ ...test, value: Math.max(0, Math.trunc(Number(event.target.value))) })
            }
          />
        </>
      );
    case "text_contains":
      return (
        <input
          aria-label={`Text for ${name}`}
          className="cond-field"
          value={test.text}
          dir="auto"
          onChange={(event) => onChange({ ...test, text: event.target.value })}
        />
      );
    case "text_matches":
      return (
        <input
          aria-label={`Pattern for ${name}`}
          className="cond-field"
          value={test.pattern}
          onChange={(event) => onChange({ ...test, pattern: event.target.value })}
        />
      );
    default:
      return null;
  }
}

/** The question's labels, plus any the condition names that the question lacks (shown, so
 * the author sees and fixes them rather than losing them silently). */
function withCurrent(labels: string[], current: string[]): string[] {
  const extra = current.filter((label) => !labels.includes(label));
  return [...labels, ...extra];
}
