import { Html } from "../../../components/Html";
import type { PlannedQuestion } from "./types";

const KINDS = { single: "one answer", multiple: "several answers", text: "free text" } as const;

/** A question a bank's item becomes: prompt, choices (correct ones marked), feedback. */
export function PlannedQuestionView({ question }: { question: PlannedQuestion }) {
  return (
    <article className="extracted" aria-label={`Question ${question.bank_id}`}>
      <h4>
        {question.bank_id}{" "}
        <span className="hint">
          ({KINDS[question.kind]}, {question.points} point(s))
        </span>
      </h4>
      <Html html={question.prompt_html} className="prompt" />
      {question.choices.length > 0 && (
        <ul className="extracted-choices">
          {question.choices.map((choice) => (
            <li key={choice.label} className={choice.is_correct ? "correct" : undefined}>
              <span className="label">{choice.label}</span>
              <Html html={choice.body} />
              {choice.is_correct && <span className="mark">✓ correct</span>}
              {choice.feedback && (
                <div className="feedback">
                  Feedback: <Html html={choice.feedback} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {question.explanation && (
        <div className="explanation">
          <h5>Explanation</h5>
          <Html html={question.explanation} />
        </div>
      )}
    </article>
  );
}
