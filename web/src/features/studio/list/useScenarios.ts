import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/context";
import type { ScenarioSummary } from "../editor/types";

/** The author's scenarios, most recently edited first; `q` searches their titles. */
export function useScenarios(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["studio", "scenarios", q],
    queryFn: async () => {
      // TODO(studioapi): `q` is typed once GET /scenarios?q= is in schema.d.ts.
      const query = (q ? { q } : {}) as Record<string, never>;
      const { data, error } = await api.GET("/scenarios", { params: { query } });
      if (!data) throw error;
      return data as ScenarioSummary[];
    },
    placeholderData: (previous) => previous,
  });
}
