import { useEffect, useRef } from "react";
import type { AnswerResultRead, QuestionForLearner } from "../../api/client";
import { loadPending } from "./pending";
import { type ChosenAnswer, QuestionView } from "./QuestionView";
import { useAnswer } from "./useAnswer";

interface Props {
  attemptId: string;
  question: QuestionForLearner;
  onAnswered: (result: AnswerResultRead) => void;
  retry?: Parameters<typeof useAnswer>[1];
  /** Move focus here when shown (after "Next question", whose button has gone). */
  focusOnShow?: boolean;
}

/** One question of an attempt: shown by QuestionView, its answer sent (and resent) to the
 * attempt. */
export function QuestionForm({ attemptId, question, onAnswered, retry, focusOnShow }: Props) {
  const { send, state, problem } = useAnswer(attemptId, retry);
  const resumed = useRef(loadPending(attemptId, question.id));

  async function deliver(pending: NonNullable<typeof resumed.current>) {
    const result = await send(pending);
    if (result) onAnswered(result);
  }

  // An answer written down but not confirmed before a reload: send it again, same key.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the question shown
  useEffect(() => {
    if (resumed.current) void deliver(resumed.current);
  }, [question.id]);

  function submit(answer: ChosenAnswer) {
    void deliver({
      questionId: question.id,
      key: crypto.randomUUID(),
      choices: answer.choices,
      text: answer.text,
    });
  }

  const initial = resumed.current
    ? { choices: resumed.current.choices, text: resumed.current.text ?? "" }
    : undefined;
  return (
    <QuestionView
      question={question}
      onSubmit={submit}
      busy={state !== "idle"}
      status={
        state === "reconnecting"
          ? "Reconnecting… your answer is kept and will be sent when the connection is back."
          : state === "sending"
            ? "Sending your answer…"
            : ""
      }
      statusIsNotice={state === "reconnecting"}
      problem={problem}
      initial={initial}
      focusOnShow={focusOnShow}
    />
  );
}
