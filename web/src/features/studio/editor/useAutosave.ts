// Autosave of one unit (a question, or the scenario's title and context): a debounced save
// ~800 ms after the last change, and at once on blur or when the page is hidden. Every save
// sends If-Match with the etag the edit was based on; a 412 becomes a conflict the author
// settles ("Use theirs" / "Keep mine"). Every change is also kept in localStorage until saved.
import { useCallback, useEffect, useRef, useState } from "react";
import { clearDraft, readDraft, writeDraft } from "./drafts";
import type { SaveResult } from "./saveResult";
import type { StudioProblem } from "./types";

const DEBOUNCE_MS = 800;
const RETRY_MS = 5000; // after a network failure, until the server answers

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "error"; reason: string };

export type Conflict<T> = { theirs: T; etag: string };

export function useAutosave<T extends { etag: string }, D>({
  storageKey,
  server,
  toDraft,
  save,
}: {
  storageKey: string;
  /** The copy the page loaded (only its first value is used: the hook then owns the draft). */
  server: T;
  toDraft: (value: T) => D;
  save: (draft: D, etag: string) => Promise<SaveResult<T>>;
}) {
  const [initial] = useState(() => start(storageKey, server, toDraft));
  const [draft, setDraftState] = useState<D>(initial.draft);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [conflict, setConflict] = useState<Conflict<T> | null>(initial.conflict);
  const [problem, setProblem] = useState<StudioProblem | undefined>(undefined);
  const [revision, setRevision] = useState(0);
  const draftRef = useRef(initial.draft);
  const etagRef = useRef(server.etag);
  const savedRef = useRef(JSON.stringify(toDraft(server)));
  const conflictRef = useRef(initial.conflict);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inFlight.current || conflictRef.current) return;
    const sending = draftRef.current;
    const sent = JSON.stringify(sending);
    if (sent === savedRef.current) {
      clearDraft(storageKey); // nothing changed: nothing to send, nothing to keep
      return;
    }
    inFlight.current = true;
    setStatus({ kind: "saving" });
    const result = await saveRef.current(sending, etagRef.current);
    inFlight.current = false;
    if (result.kind === "saved") {
      etagRef.current = result.etag;
      savedRef.current = sent;
      setProblem(undefined);
      setStatus({ kind: "saved" });
      if (JSON.stringify(draftRef.current) === sent) clearDraft(storageKey);
      else {
        writeDraft(storageKey, { etag: result.etag, draft: draftRef.current });
        timer.current = setTimeout(flush, DEBOUNCE_MS); // typed on while it was saving
      }
    } else if (result.kind === "conflict") {
      const found = { theirs: result.current, etag: result.etag };
      conflictRef.current = found;
      setConflict(found);
      setStatus({ kind: "error", reason: "changed in another tab or by someone else" });
    } else if (result.kind === "invalid") {
      setProblem(result.problem);
      setStatus({ kind: "error", reason: result.problem.detail ?? "the server refused it" });
    } else {
      setStatus({ kind: "error", reason: result.reason });
      timer.current = setTimeout(flush, RETRY_MS);
    }
  }, [storageKey]);

  // A function of the latest draft: the editors' callbacks may have been made renders ago.
  const update = useCallback(
    (change: (current: D) => D) => {
      const next = change(draftRef.current);
      draftRef.current = next;
      setDraftState(next);
      writeDraft(storageKey, { etag: etagRef.current, draft: next });
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, DEBOUNCE_MS);
    },
    [storageKey, flush],
  );

  const keepMine = useCallback(() => {
    const settled = conflictRef.current;
    if (!settled) return;
    etagRef.current = settled.etag;
    savedRef.current = JSON.stringify(toDraft(settled.theirs));
    conflictRef.current = null;
    setConflict(null);
    writeDraft(storageKey, { etag: settled.etag, draft: draftRef.current });
    void flush();
  }, [storageKey, flush, toDraft]);

  const takeTheirs = useCallback(() => {
    const settled = conflictRef.current;
    if (!settled) return;
    const theirs = toDraft(settled.theirs);
    etagRef.current = settled.etag;
    savedRef.current = JSON.stringify(theirs);
    draftRef.current = theirs;
    conflictRef.current = null;
    setConflict(null);
    setDraftState(theirs);
    setRevision((n) => n + 1); // the rich-text editors reopen on their text
    setProblem(undefined);
    clearDraft(storageKey);
    setStatus({ kind: "saved" });
  }, [storageKey, toDraft]);

  // A draft restored from localStorage on the same etag is sent as soon as the page opens.
  useEffect(() => {
    if (initial.restored && !initial.conflict) void flush();
  }, [initial, flush]);

  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === "hidden") void flush();
    };
    const leave = () => void flush();
    document.addEventListener("visibilitychange", hidden);
    window.addEventListener("pagehide", leave);
    window.addEventListener("online", leave);
    return () => {
      document.removeEventListener("visibilitychange", hidden);
      window.removeEventListener("pagehide", leave);
      window.removeEventListener("online", leave);
      clearTimeout(timer.current);
    };
  }, [flush]);

  return { draft, update, flush, status, conflict, keepMine, takeTheirs, problem, revision };
}

function start<T extends { etag: string }, D>(
  storageKey: string,
  server: T,
  toDraft: (value: T) => D,
): { draft: D; conflict: Conflict<T> | null; restored: boolean } {
  const loaded = toDraft(server);
  const kept = readDraft<D>(storageKey);
  if (!kept || JSON.stringify(kept.draft) === JSON.stringify(loaded)) {
    if (kept) clearDraft(storageKey);
    return { draft: loaded, conflict: null, restored: false };
  }
  // An edit made on an older copy: the author decides, as when a save meets a 412.
  const conflict = kept.etag === server.etag ? null : { theirs: server, etag: server.etag };
  return { draft: kept.draft, conflict, restored: true };
}
