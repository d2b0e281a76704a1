// The API calls of an import: multipart uploads through the generated client.
import type { Api } from "../../../api/client";
import { isDocumentOnly } from "./detect";
import type { BankFormat, DocumentRead, ImportOptions, Source, TabPreview } from "./types";

/** A failed call's problem+json body, thrown so callers show its sentence. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

function form(file: File): FormData {
  const body = new FormData();
  body.append("file", file, file.name);
  return body;
}

// openapi-fetch types the multipart part as a string; the browser sends the FormData as is.
const multipart = (file: File) => ({
  body: { file: file.name },
  bodySerializer: () => form(file),
});

function check<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new ProblemError(result.response.status, result.error);
  return result.data;
}

async function previewBank(api: Api, file: File, format: BankFormat | null): Promise<Source> {
  const preview = check(
    await api.POST("/banks/preview", {
      ...multipart(file),
      params: { query: format ? { format } : {} },
    }),
  );
  return { kind: "bank", file, format, preview };
}

async function previewTabs(api: Api, documentId: string): Promise<TabPreview[]> {
  return check(
    await api.POST("/documents/{document_id}/preview/tabs", {
      params: { path: { document_id: documentId } },
    }),
  );
}

async function previewDocument(
  api: Api,
  document: DocumentRead,
  file: File | null,
  perTab: boolean,
): Promise<Source> {
  const path = { document_id: document.id };
  const preview = check(await api.POST("/documents/{document_id}/preview", { params: { path } }));
  const tabs = perTab ? await previewTabs(api, document.id) : null;
  return { kind: "document", document, file, preview, tabs };
}

/** Upload a file and preview it, as a bank when the API recognises one, else as a document. */
export async function previewFile(api: Api, file: File, options: ImportOptions): Promise<Source> {
  if (!isDocumentOnly(file.name)) {
    try {
      return await previewBank(api, file, options.bankFormat);
    } catch (error) {
      // 415: not a bank by its content; a document importer may read it.
      if (!(error instanceof ProblemError && error.status === 415) || options.bankFormat)
        throw error;
    }
  }
  const document = check(await api.POST("/documents", multipart(file)));
  return previewDocument(api, document, file, options.perTab);
}

/** Fetch a Google Doc (shared with the service account) and preview it. */
export async function previewGoogleDoc(
  api: Api,
  reference: string,
  options: ImportOptions,
): Promise<Source> {
  const document = check(await api.POST("/documents/google", { body: { reference } }));
  return previewDocument(api, document, null, options.perTab);
}

/** The same upload previewed again with other options (per tab, a bank's format). */
export async function previewAgain(api: Api, source: Source, options: ImportOptions) {
  if (source.kind === "bank") return previewBank(api, source.file, options.bankFormat);
  return previewDocument(api, source.document, source.file, options.perTab);
}

/** Import what was previewed; resolves to the id of the (first) scenario it went into. */
export async function commitImport(
  api: Api,
  source: Source,
  options: ImportOptions,
): Promise<string> {
  if (source.kind === "bank") {
    const query = options.bankFormat ? { format: options.bankFormat } : {};
    const made = check(
      await api.POST("/banks/import", { ...multipart(source.file), params: { query } }),
    );
    return firstId(made.scenarios);
  }
  const path = { document_id: source.document.id };
  if (options.perTab) {
    return firstId(
      check(await api.POST("/documents/{document_id}/import/tabs", { params: { path } })),
    );
  }
  const title = options.title.trim();
  const body = options.into ? { into: options.into } : title ? { title } : {};
  const made = check(await api.POST("/documents/{document_id}/import", { params: { path }, body }));
  return made.id;
}

function firstId(scenarios: { id: string }[]): string {
  const first = scenarios[0];
  if (!first) throw new Error("the import created no scenario");
  return first.id;
}
