import type { SaveStatus } from "./useAutosave";

const TEXT = { idle: "", saving: "Saving…", saved: "Saved" } as const;

/** "Saving…" / "Saved" / "Not saved: …", announced politely (role=status). */
export function SaveStatusText({ status }: { status: SaveStatus }) {
  const text = status.kind === "error" ? `Not saved: ${status.reason}` : TEXT[status.kind];
  return (
    <p role="status" className={status.kind === "error" ? "save-status error" : "save-status"}>
      {text}
    </p>
  );
}
