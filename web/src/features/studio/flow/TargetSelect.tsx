// Choose a question (or the end) a link leads to or starts from.
import { useId } from "react";
import type { QuestionRead } from "./flowApi";
import { truncate } from "./graph";

export function TargetSelect({
  label,
  questions,
  value,
  onChange,
  allowEnd = true,
}: {
  label: string;
  questions: QuestionRead[];
  value: string | null;
  onChange: (id: string | null) => void;
  allowEnd?: boolean;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
      >
        {questions.map((question, index) => (
          <option key={question.id} value={question.id}>
            Question {index + 1}: {truncate(question.prompt_text, 50)}
          </option>
        ))}
        {allowEnd && <option value="">The end</option>}
      </select>
    </>
  );
}
