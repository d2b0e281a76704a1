// The analytics reads of one published version (items, paths, scores), each its own query so
// the page draws what has come first. A large version's items and paths may come from an
// earlier count while a newer one is made (`refreshing`): those are read again until it is.
import { useQuery } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { scenarioKey } from "../scenarioQueries";

/** How often a count being redone is asked for again. */
export const RECOUNT_POLL_MS = 3000;
const untilRecounted = (query: { state: { data?: { refreshing: boolean } } }) =>
  query.state.data?.refreshing ? RECOUNT_POLL_MS : false;

export function useAnalytics(scenarioId: string, version: number | null) {
  const api = useApi();
  const key = (kind: string) => [...scenarioKey(scenarioId), "analytics", version, kind];
  const params = { path: { scenario_id: scenarioId, version: version ?? 0 } };
  const enabled = version !== null;
  const items = useQuery({
    queryKey: key("items"),
    enabled,
    refetchInterval: untilRecounted,
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
    refetchInterval: untilRecounted,
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
