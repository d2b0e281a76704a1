import { useRef, useState } from "react";
import type { useSharing } from "./useSharing";

type State = ReturnType<typeof useSharing>;

/** The share link with a Copy button, and a way to replace it (the old one stops working). */
export function ShareLink({ state, url }: { state: State; url: string | null }) {
  const { setAudience } = state;
  const [copied, setCopied] = useState("");
  const field = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url ?? "");
      setCopied("Link copied.");
    } catch {
      field.current?.select();
      setCopied("The link is selected: press Ctrl+C (or ⌘C) to copy it.");
    }
  }

  return (
    <section aria-labelledby="link-heading">
      <h2 id="link-heading">Share link</h2>
      <label htmlFor="share-url">Link for learners</label>
      <div className="row">
        <input id="share-url" ref={field} readOnly value={url ?? ""} dir="ltr" />
        <button type="button" onClick={() => void copy()} disabled={!url}>
          Copy
        </button>
      </div>
      <p role="status">{copied}</p>
      <p id="new-link-hint" className="hint">
        A new link stops the old one from working: people who already opened it keep the scenario,
        nobody else can add it with the old link.
      </p>
      <button
        type="button"
        className="secondary"
        aria-describedby="new-link-hint"
        disabled={setAudience.isPending}
        onClick={() => {
          setCopied("");
          setAudience.mutate({ audience: "link", new_link: true });
        }}
      >
        Make a new link
      </button>
    </section>
  );
}
