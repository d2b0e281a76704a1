// The condition as text, with the parser's complaint under it and a caret at its column.
import { useId } from "react";

export type SyntaxProblem = { column: number | null; detail: string };

export function ConditionText({
  value,
  problem,
  note,
  onChange,
}: {
  value: string;
  problem: SyntaxProblem | null;
  note: string | null;
  onChange: (text: string) => void;
}) {
  const id = useId();
  const describedBy = [problem ? `${id}-error` : null, note ? `${id}-note` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="cond-text">
      <label htmlFor={`${id}-input`}>Condition as text</label>
      <input
        id={`${id}-input`}
        className="mono"
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <div className="cond-error">
          {problem.column !== null && (
            <pre className="mono caret" aria-hidden="true">
              {`${value}\n${" ".repeat(Math.max(0, problem.column - 1))}^`}
            </pre>
          )}
          <p id={`${id}-error`} role="alert">
            {problem.column !== null
              ? `at column ${problem.column}: ${problem.detail}`
              : problem.detail}
          </p>
        </div>
      )}
      {note && (
        <p id={`${id}-note`} className="hint">
          {note}
        </p>
      )}
    </div>
  );
}
