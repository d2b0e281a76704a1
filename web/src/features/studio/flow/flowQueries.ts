// The flow page's two reads, apart from the page so the studio can start them while the
// page's code (xyflow, dagre) is still loading.
import type { QueryClient } from "@tanstack/react-query";
import { type Api, problemText } from "../../../api/client";

export const scenarioKey = (scenarioId: string) => ["scenario", scenarioId] as const;
const validationKey = (scenarioId: string) => ["scenario", scenarioId, "validation"] as const;

// Fresh for a few seconds, so the page does not read again what the studio just prefetched;
// every write invalidates both at once anyway.
const FRESH_MS = 5_000;

/** The problem's sentence, thrown so TanStack Query reports it as the request's error. */
export class ApiProblem extends Error {}

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
