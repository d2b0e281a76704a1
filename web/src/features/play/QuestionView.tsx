import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { QuestionForLearner } from "../../api/client";
import { problemText } from "../../api/client";
import { Html } from "../../components/Html";

export interface ChosenAnswer {
  /** The chosen choices' labels (a choice question), else []. */
  choices: string[];
  /** The written answer (a free-text question), else null. */
  text: string | null;
}

interface Props {
  question: QuestionForLearner;
  onSubmit: (answer: ChosenAnswer) => void;
  busy: boolean;
  /** Said in the live region: sending, reconnecting… */
  status?: string;
  /** The status is a warning (shown as a notice), not routine progress. */
  statusIsNotice?: boolean;
  problem?: unknown;
  initial?: { choices: string[]; text: string };
  /** Move focus here when shown (after "Next question", whose button has gone). */
  focusOnShow?: boolean;
}

/** One question as a learner sees it: the prompt, the choices or a text box, "Answer". Who
 * receives the answer is the caller's (an attempt, or the studio's preview). */
export function QuestionView({
  question,
  onSubmit,
  busy,
  status = "",
  statusIsNotice = false,
  problem = null,
  initial,
  focusOnShow,
}: Props) {
  const promptId = useId();
  const [chosen, setChosen] = useState<string[]>(initial?.choices ?? []);
  const [text, setText] = useState(initial?.text ?? "");
  const [missing, setMissing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on the question's first showing only
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty = question.is_multiple_choice ? chosen.length === 0 : text.trim() === "";
    setMissing(empty);
    if (empty || busy) return;
    onSubmit({
      choices: question.is_multiple_choice ? chosen : [],
      text: question.is_multiple_choice ? null : text,
    });
  }

  function toggle(label: string, on: boolean) {
    setChosen((now) =>
      question.multi_select ? (on ? [...now, label] : now.filter((l) => l !== label)) : [label],
    );
  }

  return (
    <form onSubmit={submit} aria-describedby={promptId}>
      <h2 className="progress" ref={heading} tabIndex={-1}>
        Question {question.number} of {question.total}
      </h2>
      <div id={promptId}>
        <Html html={question.prompt_html} className="prompt" />
      </div>
      {question.is_multiple_choice ? (
        <fieldset disabled={busy}>
          <legend>{question.multi_select ? "Choose all that apply" : "Choose one answer"}</legend>
          {question.choices.map((choice) => (
            <label key={choice.label} className="choice">
              <input
                type={question.multi_select ? "checkbox" : "radio"}
                name="choice"
                value={choice.label}
                checked={chosen.includes(choice.label)}
                onChange={(e) => toggle(choice.label, e.currentTarget.checked)}
              />
              <span className="label" aria-hidden="true">
                {choice.label}
              </span>
              <Html html={choice.body} />
            </label>
          ))}
        </fieldset>
      ) : (
        <>
          <label htmlFor={`${promptId}-text`}>Your answer</label>
          <textarea
            id={`${promptId}-text`}
            dir="auto"
            rows={4}
            value={text}
            disabled={busy}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </>
      )}
      <div role="status" aria-live="polite" className={statusIsNotice ? "notice" : "quiet"}>
        {status}
      </div>
      <div role="alert" className="error">
        {missing
          ? question.is_multiple_choice
            ? "Choose an answer first."
            : "Write an answer first."
          : null}
        {problem ? problemText(problem) : null}
      </div>
      <button type="submit" disabled={busy}>
        Answer
      </button>
    </form>
  );
}
