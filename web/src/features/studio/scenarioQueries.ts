// The studio's reads of one scenario, shared by every tab (content, flow, preview, publish) so
// an edit in one refreshes them all; apart from the pages so the studio can start them while
// a page's code (xyflow, dagre) is still loading.
import type { QueryClient } from "@tanstack/react-query";
import { type Api, ApiProblem, problemText } from "../../api/client";

export const scenarioKey = (scenarioId: string) => ["studio", "scenario", scenarioId] as const;
export const validationKey = (scenarioId: string) =>
  [...scenarioKey(scenarioId), "validation"] as const;

// Fresh for a few seconds, so the page does not read again what the studio just prefetched;
// every write invalidates both at once anyway.
const FRESH_MS = 5_000;

export function scenarioQuery(api: Api, scenarioId: string) {
  return {
    queryKey: scenarioKey(scenarioId),
    staleTime: FRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET("/scenarios/{scenario_id}", {
        params: { path: { scenario_id: scenarioId } },
      });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  };
}

export function validationQuery(api: Api, scenarioId: string) {
  return {
    queryKey: validationKey(scenarioId),
    staleTime: FRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET("/scenarios/{scenario_id}/validation", {
        params: { path: { scenario_id: scenarioId } },
      });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  };
}

/** Start both reads now (unless under way or just read); the page picks them up from the
 * cache when its code has loaded. */
export function prefetchFlow(queries: QueryClient, api: Api, scenarioId: string): void {
  void queries.prefetchQuery(scenarioQuery(api, scenarioId));
  void queries.prefetchQuery(validationQuery(api, scenarioId));
}
