// The analytics reads of one published version (items, paths, scores), each its own query so
// the page draws what has come first.
import { useQuery } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { scenarioKey } from "../scenarioQueries";

export function useAnalytics(scenarioId: string, version: number | null) {
  const api = useApi();
  const key = (kind: string) => [...scenarioKey(scenarioId), "analytics", version, kind];
  const params = { path: { scenario_id: scenarioId, version: version ?? 0 } };
  const enabled = version !== null;
  const items = useQuery({
    queryKey: key("items"),
    enabled,
    queryFn: async () => {
      const { data, error } = await api.GET(
        "/scenarios/{scenario_id}/versions/{version}/analytics/items",
        { params },
      );
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
  const paths = useQuery({
    queryKey: key("paths"),
    enabled,
    queryFn: async () => {
      const { data, error } = await api.GET(
        "/scenarios/{scenario_id}/versions/{version}/analytics/paths",
        { params },
      );
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
  const scores = useQuery({
    queryKey: key("scores"),
    enabled,
    queryFn: async () => {
      const { data, error } = await api.GET(
        "/scenarios/{scenario_id}/versions/{version}/analytics/scores",
        { params },
      );
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
  return { items, paths, scores };
}
