import { Html } from "../../../components/Html";
import type { ExtractedQuestion } from "./types";

/** The question a part of the document became: prompt, choices (correct ones marked in words,
 * not by colour alone), feedback and explanation. */
export function ExtractedQuestionView({ question }: { question: ExtractedQuestion }) {
  const kind = !question.is_multiple_choice
    ? "free text"
    : question.multi_select
      ? "several answers"
      : "one answer";
  return (
    <article className="extracted" aria-label={`Question ${question.number}`}>
      <h4>
        Question {question.number} <span className="hint">({kind})</span>
      </h4>
      <Html html={question.prompt_html} className="prompt" />
      {question.choices.length > 0 && (
        <ul className="extracted-choices">
          {question.choices.map((choice) => (
            <li key={choice.label} className={choice.is_correct ? "correct" : undefined}>
              <span className="label">{choice.label}</span>
              <Html html={choice.body_html} />
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
