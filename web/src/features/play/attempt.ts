import { useQuery } from "@tanstack/react-query";
import type { AttemptRead } from "../../api/client";
import { useApi } from "../../api/context";

export class NotFound extends Error {}

/** The attempt as the server has it: a reload, or another device, resumes from here. */
export function useAttempt(attemptId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["attempt", attemptId],
    queryFn: async (): Promise<AttemptRead> => {
      const { data, error, response } = await api.GET("/attempts/{attempt_id}", {
        params: { path: { attempt_id: attemptId } },
      });
      if (response.status === 404 || response.status === 422) throw new NotFound();
      if (!data) throw error;
      return data;
    },
    retry: (count, error) => !(error instanceof NotFound) && count < 3,
  });
}
