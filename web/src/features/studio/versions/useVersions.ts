import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../api/context";
import { scenarioKey, scenarioQuery, validationQuery } from "../scenarioQueries";

/** A scenario's publishing state: its summary, validation and published versions, and the
 * publish / unpublish actions (which refresh all three). */
export function useVersions(scenarioId: string) {
  const api = useApi();
  const queries = useQueryClient();
  const path = { scenario_id: scenarioId };
  const scenario = useQuery(scenarioQuery(api, scenarioId));
  const validation = useQuery(validationQuery(api, scenarioId));
  const versions = useQuery({
    queryKey: [...scenarioKey(scenarioId), "versions"],
    queryFn: async () => {
      const { data, error } = await api.GET("/scenarios/{scenario_id}/versions", {
        params: { path },
      });
      if (!data) throw error;
      return data;
    },
  });
  const refresh = () => queries.invalidateQueries({ queryKey: scenarioKey(scenarioId) });
  const publish = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST("/scenarios/{scenario_id}/publish", {
        params: { path },
      });
      if (!data) throw error;
      return data;
    },
    onSettled: refresh,
  });
  const unpublish = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST("/scenarios/{scenario_id}/unpublish", {
        params: { path },
      });
      if (!data) throw error;
      return data;
    },
    onSettled: refresh,
  });
  return { scenario, validation, versions, publish, unpublish };
}
