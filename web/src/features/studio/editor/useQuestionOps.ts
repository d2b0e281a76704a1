// Adding, duplicating, deleting and reordering questions: each is one or two API calls, then
// the scenario is read again (the questions' own edits are autosaved by their editors).
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { clearDraft, readDraft } from "./drafts";
import { moved, newQuestion, toQuestionDraft } from "./questionDraft";
import type { QuestionRead, QuestionWrite } from "./types";
import { scenarioKey } from "./useScenario";

export function useQuestionOps(scenarioId: string, questions: QuestionRead[]) {
  const api = useApi();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = questions.map((q) => q.id);

  async function run(work: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    const failure = await work().catch(() => "No connection to the server.");
    await queries.invalidateQueries({ queryKey: scenarioKey(scenarioId) });
    setBusy(false);
    setError(failure);
  }

  const order = async (questionIds: string[]) => {
    const { error: problem } = await api.PUT("/scenarios/{scenario_id}/question-order", {
      params: { path: { scenario_id: scenarioId } },
      body: { question_ids: questionIds },
    });
    return problem ? problemText(problem) : null;
  };

  const post = (body: QuestionWrite) =>
    api.POST("/scenarios/{scenario_id}/questions", {
      params: { path: { scenario_id: scenarioId } },
      body,
    });

  return {
    busy,
    error,
    add: () =>
      run(async () => {
        const { error: problem } = await post(newQuestion());
        return problem ? problemText(problem) : null;
      }),
    /** A copy of what is in the editor now (unsaved edits included), right after it. */
    duplicate: (question: QuestionRead) =>
      run(async () => {
        const kept = readDraft<QuestionWrite>(`${scenarioId}:question:${question.id}`);
        const body = kept?.draft ?? toQuestionDraft(question);
        const { data, error: problem } = await post(body);
        if (!data) return problemText(problem);
        const at = ids.indexOf(question.id);
        return order([...ids.slice(0, at + 1), data.id, ...ids.slice(at + 1)]);
      }),
    remove: (question: QuestionRead) =>
      run(async () => {
        const { error: problem } = await api.DELETE(
          "/scenarios/{scenario_id}/questions/{question_id}",
          { params: { path: { scenario_id: scenarioId, question_id: question.id } } },
        );
        if (problem) return problemText(problem);
        clearDraft(`${scenarioId}:question:${question.id}`);
        return null;
      }),
    move: (question: QuestionRead, by: -1 | 1) =>
      run(() => order(moved(ids, ids.indexOf(question.id), by))),
  };
}
