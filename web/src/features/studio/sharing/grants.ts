// Other authors' rights on a scenario or a class: the same two requests on either path, so one
// hook serves the Sharing tab and the class page.
import { useMutation } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import type { components } from "../../../api/schema";

export type Right = components["schemas"]["GrantRead"]["right"];
export type GrantTarget = { scenarioId: string } | { classId: string };

export function useGrants(target: GrantTarget, refresh: () => Promise<unknown>) {
  const api = useApi();
  const grant = useMutation({
    mutationFn: async (body: { email: string; right: Right }) => {
      const { data, error } =
        "classId" in target
          ? await api.PUT("/classes/{class_id}/grants", {
              params: { path: { class_id: target.classId } },
              body,
            })
          : await api.PUT("/scenarios/{scenario_id}/grants", {
              params: { path: { scenario_id: target.scenarioId } },
              body,
            });
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
    onSettled: refresh,
  });
  const revoke = useMutation({
    mutationFn: async (userId: string) => {
      const { error, response } =
        "classId" in target
          ? await api.DELETE("/classes/{class_id}/grants/{user_id}", {
              params: { path: { class_id: target.classId, user_id: userId } },
            })
          : await api.DELETE("/scenarios/{scenario_id}/grants/{user_id}", {
              params: { path: { scenario_id: target.scenarioId, user_id: userId } },
            });
      if (!response.ok) throw new ApiProblem(problemText(error));
    },
    onSettled: refresh,
  });
  return { grant, revoke };
}
