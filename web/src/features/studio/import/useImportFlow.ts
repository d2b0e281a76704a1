import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../../api/context";
import { navigate } from "../../../router";
import { type ImportOptions, NO_OPTIONS, type Source } from "./types";
import { commitImport, previewAgain, previewFile, previewGoogleDoc } from "./upload";

type Request =
  | { from: "file"; file: File }
  | { from: "google"; reference: string }
  | { from: "again" };

/** An import from choosing the source to the new scenario: upload and preview (again, with
 * other options or edited text), then import and open the scenario. */
export function useImportFlow() {
  const api = useApi();
  const [source, setSource] = useState<Source | null>(null);
  const [options, setOptions] = useState<ImportOptions>(NO_OPTIONS);

  const preview = useMutation({
    mutationFn: async ({ request, chosen }: { request: Request; chosen: ImportOptions }) => {
      if (request.from === "file") return previewFile(api, request.file, chosen);
      if (request.from === "google") return previewGoogleDoc(api, request.reference, chosen);
      if (!source) throw new Error("nothing to preview again");
      return previewAgain(api, source, chosen);
    },
    onSuccess: (next) => setSource(next),
  });

  const commit = useMutation({
    mutationFn: () => {
      if (!source) throw new Error("nothing to import");
      return commitImport(api, source, options);
    },
    onSuccess: (scenarioId) => navigate(`/studio/scenarios/${scenarioId}`),
  });

  function run(request: Request, chosen: ImportOptions = options) {
    commit.reset();
    preview.mutate({ request, chosen });
  }

  return {
    source,
    options,
    busy: preview.isPending
      ? ("previewing" as const)
      : commit.isPending
        ? ("importing" as const)
        : null,
    problem: preview.error ?? commit.error,
    chooseFile: (file: File) => {
      // A new source starts from the defaults, except its kind's detection.
      setOptions(NO_OPTIONS);
      run({ from: "file", file }, NO_OPTIONS);
    },
    chooseGoogleDoc: (reference: string) => {
      const chosen = { ...NO_OPTIONS, perTab: options.perTab };
      setOptions(chosen);
      run({ from: "google", reference }, chosen);
    },
    /** Change options; those that change what is found (per tab, a bank's format) re-preview. */
    changeOptions: (next: ImportOptions) => {
      setOptions(next);
      if (next.perTab !== options.perTab || next.bankFormat !== options.bankFormat) {
        run({ from: "again" }, next);
      }
    },
    /** Upload the edited text as the file it replaces and preview it. */
    previewEdited: (text: string) => {
      const file = source && source.kind === "bank" ? source.file : source?.file;
      if (!file) return;
      run({ from: "file", file: new File([text], file.name, { type: file.type || "text/plain" }) });
    },
    importNow: () => commit.mutate(),
    cancel: () => navigate("/studio"),
  };
}

export type ImportFlow = ReturnType<typeof useImportFlow>;
