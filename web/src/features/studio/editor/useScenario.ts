import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/context";
import type { ScenarioDetail } from "./types";

export const scenarioKey = (id: string) => ["studio", "scenario", id] as const;

/** The draft with its questions (and each one's etag). */
export function useScenario(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: scenarioKey(id),
    queryFn: async () => {
      const { data, error } = await api.GET("/scenarios/{scenario_id}", {
        params: { path: { scenario_id: id } },
      });
      if (!data) throw error;
      return data as ScenarioDetail;
    },
    // The editors own what is typed: a refetch must not reset them under the author's hands.
    refetchOnWindowFocus: false,
  });
}
