// The attempts and answers as CSV: fetched with the session into a Blob (as the publish tab's
// exports are), named by the server's Content-Disposition, and saved by the browser.
import { useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { filenameFrom } from "../versions/download";
import { type AttemptFilters, apiQuery } from "./filters";

export type CsvKind = "attempts" | "answers";
/** Whose attempts: one scenario's, or a class's (its members at its assigned scenarios). */
export type AttemptSource = { scenarioId: string } | { classId: string };

export function useCsv(source: AttemptSource, filters: AttemptFilters) {
  const api = useApi();
  const [busy, setBusy] = useState<CsvKind | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function fetchCsv(kind: CsvKind) {
    const { limit: _limit, offset: _offset, ...query } = apiQuery(filters);
    // One route per export, so each has its own documented columns.
    if ("classId" in source) {
      const options = {
        params: {
          path: { class_id: source.classId },
          query: { ...query, ...(filters.scenario ? { scenario_id: filters.scenario } : {}) },
        },
        parseAs: "blob" as const,
      };
      return kind === "attempts"
        ? api.GET("/classes/{class_id}/results/attempts.csv", options)
        : api.GET("/classes/{class_id}/results/answers.csv", options);
    }
    const options = {
      params: { path: { scenario_id: source.scenarioId }, query },
      parseAs: "blob" as const,
    };
    return kind === "attempts"
      ? api.GET("/scenarios/{scenario_id}/results/attempts.csv", options)
      : api.GET("/scenarios/{scenario_id}/results/answers.csv", options);
  }

  async function download(kind: CsvKind): Promise<void> {
    setBusy(kind);
    setProblem(null);
    try {
      const { data, error, response } = await fetchCsv(kind);
      if (!data) {
        setProblem(problemText(error));
        return;
      }
      const url = URL.createObjectURL(data as Blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = filenameFrom(response.headers.get("Content-Disposition"), `${kind}.csv`);
      document.body.append(link);
      link.click();
      link.remove();
      // Released once the browser has taken the file.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setProblem("The server could not be reached. Try again.");
    } finally {
      setBusy(null);
    }
  }
  return { busy, problem, download };
}
