import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { AnswerResultRead } from "../../api/client";
import { useApi } from "../../api/context";
import { clearPending, type PendingAnswer, savePending } from "./pending";
import { RequestFailedError, type RetryOptions, tryOnce, withRetry } from "./retry";

export type SendState = "idle" | "sending" | "reconnecting";

/** Sends answers to one attempt, retrying until the server has them (see retry.ts). */
export function useAnswer(attemptId: string, retry: Pick<RetryOptions, "delays" | "sleep"> = {}) {
  const api = useApi();
  const queries = useQueryClient();
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
        const refused = error instanceof RequestFailedError ? error.problem : error;
        const status = statusOf(refused);
        if (status === 401) {
          // The session ended: keep the answer, sign in again, and it is resent on return.
          void queries.invalidateQueries({ queryKey: ["me"] });
        } else {
          // Refused for good: nothing to resend. A 409 means the attempt moved on elsewhere
          // (another device answered): show the question the server is waiting for.
          clearPending(attemptId);
          if (status === 409) void queries.invalidateQueries({ queryKey: ["attempt", attemptId] });
        }
        setProblem(refused);
        return null;
      } finally {
        sending.current = false;
        setState("idle");
      }
    },
    [api, attemptId, queries],
  );

  return { send, state, problem };
}

function statusOf(problem: unknown): number | undefined {
  if (problem && typeof problem === "object" && "status" in problem) {
    return typeof problem.status === "number" ? problem.status : undefined;
  }
  return undefined;
}
