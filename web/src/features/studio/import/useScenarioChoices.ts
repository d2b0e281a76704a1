import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/context";

/** The author's scenarios, for "add the questions to an existing scenario". */
export function useScenarioChoices() {
  const api = useApi();
  return useQuery({
    queryKey: ["studio", "scenarios", "choices"],
    queryFn: async () => {
      const { data } = await api.GET("/scenarios");
      return data ?? [];
    },
  });
}
