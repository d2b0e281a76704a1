import { type FormEvent, useId, useRef, useState } from "react";
import { ACCEPTED } from "./detect";

/** Where the questions come from: a file, or a link to a Google Doc. */
export function SourcePicker({
  onFile,
  onGoogleDoc,
  disabled,
}: {
  onFile: (file: File) => void;
  onGoogleDoc: (reference: string) => void;
  disabled: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState("");
  const [missing, setMissing] = useState<"file" | "link" | null>(null);

  function sendFile(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setMissing(file ? null : "file");
    if (file) onFile(file);
  }
  function sendLink(event: FormEvent) {
    event.preventDefault();
    const reference = link.trim();
    setMissing(reference ? null : "link");
    if (reference) onGoogleDoc(reference);
  }
  return (
    <div className="source-picker">
      <form onSubmit={sendFile} aria-labelledby={`${id}-file-heading`}>
        <h2 id={`${id}-file-heading`}>From a file</h2>
        <label htmlFor={`${id}-file`}>Document or question bank</label>
        <input
          id={`${id}-file`}
          ref={input}
          type="file"
          accept={ACCEPTED}
          aria-describedby={`${id}-file-hint`}
          disabled={disabled}
        />
        <p className="hint" id={`${id}-file-hint`}>
          Word (.docx), text (.txt), Markdown (.md), HTML, or a bank: GIFT, Aiken, Moodle XML, QTI 3
          (.zip). The kind is recognised from the content.
        </p>
        <button type="submit" disabled={disabled}>
          Upload and preview
        </button>
        {missing === "file" && <p className="error">Choose a file first.</p>}
      </form>
      <form onSubmit={sendLink} aria-labelledby={`${id}-link-heading`}>
        <h2 id={`${id}-link-heading`}>From Google Docs</h2>
        <label htmlFor={`${id}-link`}>Link to the Google Doc</label>
        <input
          id={`${id}-link`}
          type="text"
          inputMode="url"
          dir="auto"
          value={link}
          onChange={(e) => setLink(e.currentTarget.value)}
          placeholder="https://docs.google.com/document/d/…"
          aria-describedby={`${id}-link-hint`}
          disabled={disabled}
        />
        <p className="hint" id={`${id}-link-hint`}>
          Share the document with the service account first.
        </p>
        <button type="submit" disabled={disabled}>
          Fetch and preview
        </button>
        {missing === "link" && <p className="error">Paste a link first.</p>}
      </form>
    </div>
  );
}
