// Copies a text to the clipboard and says so in a live region (the text stays visible, to be
// selected by hand where the clipboard is refused).
import { useState } from "react";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid("Copied.");
    } catch {
      setSaid("Could not copy: select the text and copy it.");
    }
  }
  return (
    <>
      <button type="button" className="button small" onClick={copy}>
        {label}
      </button>
      <span role="status" className="hint">
        {said ? ` ${said}` : ""}
      </span>
    </>
  );
}
