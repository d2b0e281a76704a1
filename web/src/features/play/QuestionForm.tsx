import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { AnswerResultRead, QuestionForLearner } from "../../api/client";
import { problemText } from "../../api/client";
import { Html } from "../../components/Html";
import { loadPending } from "./pending";
import { useAnswer } from "./useAnswer";

interface Props {
  attemptId: string;
  question: QuestionForLearner;
  onAnswered: (result: AnswerResultRead) => void;
  retry?: Parameters<typeof useAnswer>[1];
  /** Move focus here when shown (after "Next question", whose button has gone). */
  focusOnShow?: boolean;
}

/** One question: its prompt, the choices or a text box, and sending the answer. */
export function QuestionForm({ attemptId, question, onAnswered, retry, focusOnShow }: Props) {
  const { send, state, problem } = useAnswer(attemptId, retry);
  const promptId = useId();
  const resumed = useRef(loadPending(attemptId, question.id));
  const [chosen, setChosen] = useState<string[]>(resumed.current?.choices ?? []);
  const [text, setText] = useState(resumed.current?.text ?? "");
  const [missing, setMissing] = useState(false);
  const busy = state !== "idle";
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on the question's first showing only
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, []);

  async function deliver(pending: NonNullable<typeof resumed.current>) {
    const result = await send(pending);
    if (result) onAnswered(result);
  }

  // An answer written down but not confirmed before a reload: send it again, same key.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the question shown
  useEffect(() => {
    if (resumed.current) void deliver(resumed.current);
  }, [question.id]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty = question.is_multiple_choice ? chosen.length === 0 : text.trim() === "";
    setMissing(empty);
    if (empty || busy) return;
    void deliver({
      questionId: question.id,
      key: crypto.randomUUID(),
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
      <div
        role="status"
        aria-live="polite"
        className={state === "reconnecting" ? "notice" : "quiet"}
      >
        {state === "reconnecting"
          ? "Reconnecting… your answer is kept and will be sent when the connection is back."
          : state === "sending"
            ? "Sending your answer…"
            : ""}
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
