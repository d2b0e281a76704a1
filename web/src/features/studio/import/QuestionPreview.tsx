import { Html } from "../../../components/Html";
import type { ExtractedQuestion, PlannedQuestion } from "./types";

/** What an import preview shows of a question, whichever importer produced it. */
interface PreviewQuestion {
  name: string;
  heading: string;
  hint: string;
  promptHtml: string;
  choices: { label: string; html: string; isCorrect: boolean; feedback?: string | null }[];
  explanation?: string | null;
}

const KINDS = { single: "one answer", multiple: "several answers", text: "free text" } as const;

/** A part of a document as the question it became. */
export function fromExtracted(question: ExtractedQuestion): PreviewQuestion {
  const kind = !question.is_multiple_choice
    ? "text"
    : question.multi_select
      ? "multiple"
      : "single";
  return {
    name: `Question ${question.number}`,
    heading: `Question ${question.number}`,
    hint: KINDS[kind],
    promptHtml: question.prompt_html,
    choices: question.choices.map((c) => ({
      label: c.label,
      html: c.body_html,
      isCorrect: c.is_correct,
      feedback: c.feedback,
    })),
    explanation: question.explanation,
  };
}

/** A bank's item as the question it becomes. */
export function fromPlanned(question: PlannedQuestion): PreviewQuestion {
  return {
    name: `Question ${question.bank_id}`,
    heading: question.bank_id,
    hint: `${KINDS[question.kind]}, ${question.points} point(s)`,
    promptHtml: question.prompt_html,
    choices: question.choices.map((c) => ({
      label: c.label,
      html: c.body,
      isCorrect: c.is_correct,
      feedback: c.feedback,
    })),
    explanation: question.explanation,
  };
}

/** Prompt, choices (correct ones marked in words, not by colour alone), feedback and
 * explanation. */
export function QuestionPreview({ question }: { question: PreviewQuestion }) {
  return (
    <article className="extracted" aria-label={question.name}>
      <h4>
        {question.heading} <span className="hint">({question.hint})</span>
      </h4>
      <Html html={question.promptHtml} className="prompt" />
      {question.choices.length > 0 && (
        <ul className="extracted-choices">
          {question.choices.map((choice) => (
            <li key={choice.label} className={choice.isCorrect ? "correct" : undefined}>
              <span className="label">{choice.label}</span>
              <Html html={choice.html} />
              {choice.isCorrect && <span className="mark">✓ correct</span>}
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
