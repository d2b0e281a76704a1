// Names for the generated API types the import page uses (aliases, not copies).
import type { components } from "../../../api/schema";

type Schemas = components["schemas"];
export type DocumentRead = Schemas["DocumentRead"];
export type ImportPreview = Schemas["ImportPreview"];
export type ExtractedQuestion = Schemas["ExtractedQuestionRead"];
export type SourceBlock = Schemas["SourceBlockRead"];
export type TabPreview = Schemas["TabPreview"];
export type BankPreview = Schemas["BankPreviewRead"];
export type BankFormat = Schemas["BankPreviewRead"]["format"];
export type PlannedQuestion = Schemas["PlannedQuestionRead"];

/** What was uploaded and what importing it would create. */
export type Source =
  | {
      kind: "document";
      document: DocumentRead;
      /** The file as chosen (text sources can be edited and previewed again). */
      file: File | null;
      preview: ImportPreview;
      tabs: TabPreview[] | null;
    }
  | { kind: "bank"; file: File; format: BankFormat | null; preview: BankPreview };

/** The choices an author makes before importing. */
export interface ImportOptions {
  title: string;
  /** Append to this scenario rather than create one ("" for a new one). */
  into: string;
  perTab: boolean;
  bankFormat: BankFormat | null;
}

export const NO_OPTIONS: ImportOptions = { title: "", into: "", perTab: false, bankFormat: null };
