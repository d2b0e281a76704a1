import { useId } from "react";
import type { BankFormat, ImportOptions, Source } from "./types";
import { useScenarioChoices } from "./useScenarioChoices";

const FORMATS: { value: BankFormat; label: string }[] = [
  { value: "gift", label: "GIFT" },
  { value: "aiken", label: "Aiken" },
  { value: "moodle-xml", label: "Moodle XML" },
  { value: "qti3", label: "QTI 3" },
];
const GOOGLE_DOC = "application/vnd.google-apps.document+json";

/** The importers' options; changing one that changes what is found previews again. */
export function ImportOptionsForm({
  source,
  options,
  onChange,
  disabled,
}: {
  source: Source;
  options: ImportOptions;
  onChange: (next: ImportOptions) => void;
  disabled: boolean;
}) {
  const id = useId();
  const scenarios = useScenarioChoices();
  if (source.kind === "bank") {
    return (
      <fieldset className="import-options" disabled={disabled}>
        <legend>Options</legend>
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          value={options.bankFormat ?? ""}
          onChange={(e) =>
            onChange({
              ...options,
              bankFormat: (e.currentTarget.value || null) as BankFormat | null,
            })
          }
        >
          <option value="">Detected ({source.preview.format})</option>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <p className="hint">
          A bank makes one scenario per category; its titles come from the file.
        </p>
      </fieldset>
    );
  }
  const isGoogleDoc = source.document.media_type === GOOGLE_DOC;
  const suggested = source.preview.title ?? source.document.filename.replace(/\.[^.]+$/, "");
  return (
    <fieldset className="import-options" disabled={disabled}>
      <legend>Options</legend>
      {isGoogleDoc && (
        <label className="check">
          <input
            type="checkbox"
            checked={options.perTab}
            onChange={(e) => onChange({ ...options, perTab: e.currentTarget.checked, into: "" })}
          />{" "}
          One scenario per tab
        </label>
      )}
      <label htmlFor={`${id}-into`}>Put the questions into</label>
      <select
        id={`${id}-into`}
        value={options.into}
        disabled={options.perTab}
        onChange={(e) => onChange({ ...options, into: e.currentTarget.value })}
      >
        <option value="">A new scenario</option>
        {(scenarios.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.title} (add to its {s.question_count} questions)
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-title`}>Title of the new scenario</label>
      <input
        id={`${id}-title`}
        dir="auto"
        value={options.title}
        placeholder={suggested}
        maxLength={300}
        disabled={options.into !== "" || options.perTab}
        onChange={(e) => onChange({ ...options, title: e.currentTarget.value })}
        aria-describedby={`${id}-title-hint`}
      />
      <p className="hint" id={`${id}-title-hint`}>
        Left empty: “{suggested}”. Correct answers come from the document (an answer key wins over
        “Answer:” lines, which win over bold or ✓ marks); fix the document and preview again to
        change them.
      </p>
    </fieldset>
  );
}
