import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/context";
import { scenarioQuery } from "../scenarioQueries";
import type { ScenarioDetail } from "./types";

export { scenarioKey } from "../scenarioQueries";

/** The draft with its questions (and each one's etag). */
export function useScenario(id: string) {
  const api = useApi();
  return useQuery({
    ...scenarioQuery(api, id),
    select: (data): ScenarioDetail => data,
    // The editors own what is typed: a refetch must not reset them under the author's hands.
    refetchOnWindowFocus: false,
  });
}
