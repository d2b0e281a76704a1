import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/context";

/** The author's scenarios, most recently edited first; `q` searches their titles. */
export function useScenarios(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["studio", "scenarios", q],
    queryFn: async () => {
      const query = q ? { q } : {};
      const { data, error } = await api.GET("/scenarios", { params: { query } });
      if (!data) throw error;
      return data;
    },
    placeholderData: (previous) => previous,
  });
}
