import { useEffect, useRef, useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import type { paths } from "../../../api/schema";
import { filenameFrom } from "./download";

export type ExportFormat = NonNullable<
  NonNullable<paths["/scenarios/{scenario_id}/export"]["get"]["parameters"]["query"]>["format"]
>;
type BankFormat = Exclude<ExportFormat, "txt" | "pdf">;

export interface Exported {
  url: string;
  filename: string;
  /** For a bank format: what it could not keep, per item. */
  notKept: { item: string; message: string }[];
}

/** Download an export through the session (a GET: the cookie alone) into a Blob, offered by
 * a link; the previous Blob's URL is released. */
export function useExport(scenarioId: string) {
  const api = useApi();
  const [file, setFile] = useState<Exported | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const url = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (url.current) URL.revokeObjectURL(url.current);
    },
    [],
  );

  async function download(format: ExportFormat, answers: boolean): Promise<Exported | null> {
    setBusy(true);
    setProblem(null);
    try {
      const path = { scenario_id: scenarioId };
      const { data, error, response } = await api.GET("/scenarios/{scenario_id}/export", {
        params: { path, query: { format, answers } },
        parseAs: "blob",
      });
      if (!data) {
        setProblem(problemText(error));
        return null;
      }
      const name = filenameFrom(response.headers.get("Content-Disposition"), `scenario.${format}`);
      const notKept =
        format === "txt" || format === "pdf" || response.headers.get("X-Quizflow-Not-Kept") === "0"
          ? []
          : await report(format);
      if (url.current) URL.revokeObjectURL(url.current);
      url.current = URL.createObjectURL(data as Blob);
      const made = { url: url.current, filename: name, notKept };
      setFile(made);
      return made;
    } catch {
      setProblem("The server could not be reached. Try again.");
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function report(format: BankFormat) {
    const { data } = await api.GET("/banks/scenarios/{scenario_id}/export-report", {
      params: { path: { scenario_id: scenarioId }, query: { format } },
    });
    return data?.notes ?? [];
  }

  return { file, busy, problem, download };
}
