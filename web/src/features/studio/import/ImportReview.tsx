import { useEffect, useRef } from "react";
import { BankSideBySide } from "./BankSideBySide";
import { isEditableText } from "./detect";
import { ImportOptionsForm } from "./ImportOptionsForm";
import { PreviewSummary } from "./PreviewSummary";
import { SideBySide } from "./SideBySide";
import { SourceEditor } from "./SourceEditor";
import type { Source } from "./types";
import { useFileText } from "./useFileText";
import type { ImportFlow } from "./useImportFlow";

/** The preview of one upload: summary, options, the source beside its questions, and the
 * choice to import or cancel. */
export function ImportReview({ source, flow }: { source: Source; flow: ImportFlow }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to each new preview, so a keyboard or screen reader user lands on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on each new preview (source)
  useEffect(() => heading.current?.focus(), [source]);
  const file = source.file;
  const editable = file !== null && isEditableText(file);
  const text = useFileText(editable || source.kind === "bank" ? file : null);
  const busy = flow.busy !== null;
  const name = source.kind === "bank" ? source.file.name : source.document.filename;
  return (
    <section aria-labelledby="import-preview" className="import-review">
      <h2 id="import-preview" ref={heading} tabIndex={-1} dir="auto">
        Preview of {name}
      </h2>
      <PreviewSummary source={source} />
      <ImportOptionsForm
        source={source}
        options={flow.options}
        onChange={flow.changeOptions}
        disabled={busy}
      />
      <div className="actions">
        <button type="button" onClick={flow.importNow} disabled={busy}>
          Import
        </button>
        <button type="button" className="secondary" onClick={flow.cancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {editable && text !== null && (
        <SourceEditor text={text} onPreview={flow.previewEdited} disabled={busy} />
      )}
      <h3>Side by side</h3>
      {source.kind === "bank" ? (
        <BankSideBySide preview={source.preview} text={text} />
      ) : source.tabs ? (
        source.tabs.map((tab) => (
          <section key={tab.source} aria-label={tab.scenario_title}>
            <h3 dir="auto">
              {tab.source}: {tab.scenario_title}
              {tab.makes_scenario ? "" : " (no questions: makes no scenario)"}
            </h3>
            <SideBySide preview={tab.preview} label={`${tab.source} beside its questions`} />
          </section>
        ))
      ) : (
        <SideBySide preview={source.preview} label="The document beside the questions it becomes" />
      )}
    </section>
  );
}
