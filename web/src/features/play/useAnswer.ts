import { useCallback, useRef, useState } from "react";
import type { AnswerResultRead } from "../../api/client";
import { useApi } from "../../api/context";
import { clearPending, type PendingAnswer, savePending } from "./pending";
import { RequestFailedError, type RetryOptions, tryOnce, withRetry } from "./retry";

export type SendState = "idle" | "sending" | "reconnecting";

/** Sends answers to one attempt, retrying until the server has them (see retry.ts). */
export function useAnswer(attemptId: string, retry: Pick<RetryOptions, "delays" | "sleep"> = {}) {
  const api = useApi();
  const [state, setState] = useState<SendState>("idle");
  const [problem, setProblem] = useState<unknown>(null);
  const sending = useRef(false);
  const retryOptions = useRef(retry);

  const send = useCallback(
    async (answer: PendingAnswer): Promise<AnswerResultRead | null> => {
      if (sending.current) return null; // a double click sends once
      sending.current = true;
      savePending(attemptId, answer);
      setState("sending");
      setProblem(null);
      try {
        const result = await withRetry(
          () =>
            tryOnce(() =>
              api.POST("/attempts/{attempt_id}/answers", {
                params: {
                  path: { attempt_id: attemptId },
                  header: { "idempotency-key": answer.key },
                },
                body: {
                  question_id: answer.questionId,
                  choices: answer.choices,
                  ...(answer.text !== null ? { text: answer.text } : {}),
                },
              }),
            ),
          { ...retryOptions.current, onRetry: () => setState("reconnecting") },
        );
        clearPending(attemptId);
        return result;
      } catch (error) {
        // Refused for good (e.g. the attempt was abandoned elsewhere): nothing to resend.
        clearPending(attemptId);
        setProblem(error instanceof RequestFailedError ? error.problem : error);
        return null;
      } finally {
        sending.current = false;
        setState("idle");
      }
    },
    [api, attemptId],
  );

  return { send, state, problem };
}
