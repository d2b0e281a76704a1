// A scenario's sharing: who may play it (its audience and share link) and which other authors
// may edit it or read its results. Every write refreshes the scenario's reads.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import type { components } from "../../../api/schema";
import { scenarioKey, scenarioQuery } from "../scenarioQueries";
import { useGrants } from "./grants";

export type { Right } from "./grants";

export type Audience = components["schemas"]["AudienceRead"]["audience"];
/** A class the scenario is assigned to, with the assignment's dates (only classes I may see). */
export type AssignedClass = components["schemas"]["AssignedClassRead"];

export const audienceKey = (scenarioId: string) =>
  [...scenarioKey(scenarioId), "audience"] as const;

export function useSharing(scenarioId: string) {
  const api = useApi();
  const queries = useQueryClient();
  const path = { scenario_id: scenarioId };
  const scenario = useQuery(scenarioQuery(api, scenarioId));
  const audience = useQuery({
    queryKey: audienceKey(scenarioId),
    queryFn: async () => {
      const { data, error } = await api.GET("/scenarios/{scenario_id}/audience", {
        params: { path },
      });
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
  const refresh = () => queries.invalidateQueries({ queryKey: scenarioKey(scenarioId) });
  const setAudience = useMutation({
    mutationFn: async (body: { audience: Audience; new_link?: boolean }) => {
      const { data, error } = await api.PUT("/scenarios/{scenario_id}/audience", {
        params: { path },
        body,
      });
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
    onSuccess: (data) => queries.setQueryData(audienceKey(scenarioId), data),
    onSettled: refresh,
  });
  const { grant, revoke } = useGrants({ scenarioId }, refresh);
  return { scenario, audience, setAudience, grant, revoke };
}
