// The flow page's server state: the draft scenario, its validation, and the link writes.
// Every write refreshes both, so the graph and its issues never disagree with the server.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import type { components } from "../../../api/schema";
import { scenarioKey, scenarioQuery, validationQuery } from "../scenarioQueries";

export type ScenarioDetail = components["schemas"]["ScenarioDetail"];
export type QuestionRead = components["schemas"]["QuestionRead"];
export type LinkRead = QuestionRead["links"][number];
export type IssueRead = components["schemas"]["IssueRead"];
export type LinkCreate = components["schemas"]["LinkCreate"];
export type LinkUpdate = components["schemas"]["LinkUpdate"];

export { scenarioKey } from "../scenarioQueries";

export function useScenario(scenarioId: string) {
  return useQuery(scenarioQuery(useApi(), scenarioId));
}

export function useValidation(scenarioId: string) {
  return useQuery(validationQuery(useApi(), scenarioId));
}

function useRefresh(scenarioId: string) {
  const queries = useQueryClient();
  return () => queries.invalidateQueries({ queryKey: scenarioKey(scenarioId) });
}

export function useCreateLink(scenarioId: string) {
  const api = useApi();
  const refresh = useRefresh(scenarioId);
  return useMutation({
    mutationFn: async (body: LinkCreate) => {
      const { data, error } = await api.POST("/scenarios/{scenario_id}/links", {
        params: { path: { scenario_id: scenarioId } },
        body,
      });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
    onSettled: refresh,
  });
}

export function useUpdateLink(scenarioId: string) {
  const api = useApi();
  const refresh = useRefresh(scenarioId);
  return useMutation({
    mutationFn: async ({ linkId, body }: { linkId: string; body: LinkUpdate }) => {
      const { data, error } = await api.PATCH("/scenarios/{scenario_id}/links/{link_id}", {
        params: { path: { scenario_id: scenarioId, link_id: linkId } },
        body,
      });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
    onSettled: refresh,
  });
}

export function useDeleteLink(scenarioId: string) {
  const api = useApi();
  const refresh = useRefresh(scenarioId);
  return useMutation({
    mutationFn: async (linkId: string) => {
      const { error } = await api.DELETE("/scenarios/{scenario_id}/links/{link_id}", {
        params: { path: { scenario_id: scenarioId, link_id: linkId } },
      });
      if (error) throw new ApiProblem(problemText(error));
    },
    onSettled: refresh,
  });
}

export function useSetStart(scenarioId: string) {
  const api = useApi();
  const refresh = useRefresh(scenarioId);
  return useMutation({
    mutationFn: async (questionId: string) => {
      const { data, error } = await api.PATCH("/scenarios/{scenario_id}", {
        params: { path: { scenario_id: scenarioId } },
        body: { first_question_id: questionId },
      });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
    onSettled: refresh,
  });
}

/** The choice labels a condition on links from this question may name. */
export function labelsOf(question: QuestionRead | undefined): string[] {
  return question?.choices.map((choice) => choice.label) ?? [];
}

/** "Question 3", as the page and its issues call it (display order). */
export function questionName(questions: QuestionRead[], id: string | null): string {
  if (id === null) return "The end";
  const index = questions.findIndex((q) => q.id === id);
  return index < 0 ? "A missing question" : `Question ${index + 1}`;
}
