import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../../api/context";
import { scenarioQuery } from "../scenarioQueries";
import type { PreviewAnswer, PreviewRead } from "./types";

/** Plays the draft through the preview endpoint: every call replays the answers so far, and
 * nothing is stored, so "Restart" is only forgetting them. */
export function useDraftPreview(scenarioId: string) {
  const api = useApi();
  const path = { scenario_id: scenarioId };
  const [start, setStart] = useState<string | null>(null);
  const [answers, setAnswers] = useState<PreviewAnswer[]>([]);
  const [played, setPlayed] = useState<PreviewRead | null>(null);

  const scenario = useQuery(scenarioQuery(api, scenarioId));

  const step = useMutation({
    mutationFn: async (next: { start: string | null; answers: PreviewAnswer[] }) => {
      const { data, error } = await api.POST("/scenarios/{scenario_id}/preview", {
        params: { path },
        body: { start_question_id: next.start, answers: next.answers },
      });
      if (!data) throw error;
      return { next, data };
    },
    onSuccess: ({ next, data }) => {
      setStart(next.start);
      setAnswers(next.answers);
      setPlayed(data);
    },
  });

  return {
    scenario,
    played,
    answers,
    start,
    busy: step.isPending,
    problem: step.error,
    /** Begin again (from the first question, or from `from`), forgetting every answer. */
    begin: (from: string | null) => step.mutate({ start: from, answers: [] }),
    /** Answer the current question; `onAnswered` once the server has judged it. */
    answer: (given: PreviewAnswer, onAnswered: () => void) =>
      step.mutate({ start, answers: [...answers, given] }, { onSuccess: onAnswered }),
  };
}
