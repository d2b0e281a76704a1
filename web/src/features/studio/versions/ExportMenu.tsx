import { type FormEvent, useId, useState } from "react";
import { type ExportFormat, useExport } from "./useExport";

const FORMATS: { value: ExportFormat; label: string; answers: boolean }[] = [
  { value: "txt", label: "Text (.txt)", answers: true },
  { value: "pdf", label: "PDF (.pdf)", answers: true },
  { value: "gift", label: "GIFT (Moodle, with answers)", answers: false },
  { value: "aiken", label: "Aiken (with answers)", answers: false },
  { value: "moodle-xml", label: "Moodle XML (with answers)", answers: false },
  { value: "qti3", label: "QTI 3 package (.zip, with answers)", answers: false },
];

/** Export the draft: a document with or without its answers, or a question bank format. */
export function ExportMenu({ scenarioId }: { scenarioId: string }) {
  const id = useId();
  const exporter = useExport(scenarioId);
  const [format, setFormat] = useState<ExportFormat>("txt");
  const [answers, setAnswers] = useState(true);
  const offersAnswers = FORMATS.find((f) => f.value === format)?.answers ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const made = await exporter.download(format, offersAnswers && answers);
    if (made) {
      // Save it at once; the link stays for another copy.
      const link = document.createElement("a");
      link.href = made.url;
      link.download = made.filename;
      link.click();
    }
  }

  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <form onSubmit={submit} className="export-menu">
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          value={format}
          onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        {offersAnswers && (
          <label className="check">
            <input
              type="checkbox"
              checked={answers}
              onChange={(e) => setAnswers(e.currentTarget.checked)}
            />{" "}
            Include the answers, explanations and feedback
          </label>
        )}
        <button type="submit" disabled={exporter.busy}>
          Export
        </button>
      </form>
      <p role="status" aria-live="polite">
        {exporter.busy
          ? "Preparing the file…"
          : exporter.file
            ? `Ready: ${exporter.file.filename}`
            : ""}
      </p>
      <div role="alert" className="error">
        {exporter.problem ? <p dir="auto">{exporter.problem}</p> : null}
      </div>
      {exporter.file && (
        <>
          <p>
            <a href={exporter.file.url} download={exporter.file.filename}>
              Download {exporter.file.filename}
            </a>
          </p>
          {exporter.file.notKept.length > 0 && (
            <>
              <h3>Not kept by this format</h3>
              <ul>
                {exporter.file.notKept.map((n) => (
                  <li key={`${n.item}-${n.message}`} dir="auto">
                    {n.item}: {n.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
