import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { UserRead } from "../../api/client";
import { useApi } from "../../api/context";

/** Who is signed in: null when nobody is (the API said 401). */
export function useSession() {
  const api = useApi();
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<UserRead | null> => {
      const { data, response } = await api.GET("/me");
      if (response.status === 401) return null;
      if (!data) throw new Error(`GET /me answered ${response.status}`);
      return data;
    },
    staleTime: 60_000,
  });
}

export function useSignOut() {
  const api = useApi();
  const client = useQueryClient();
  return async () => {
    await api.POST("/auth/sign-out");
    client.clear();
    client.setQueryData(["me"], null);
  };
}
