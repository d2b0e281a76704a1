// Unsaved edits in localStorage, with the etag they were based on: nothing typed is lost when
// the page reloads or the network fails, and a restored edit is only sent if the server's copy
// is still the one it was made on (otherwise the author chooses, as on a 412).
export type StoredDraft<D> = { etag: string; draft: D };

const PREFIX = "quizflow:studio:";

export function readDraft<D>(key: string): StoredDraft<D> | null {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as StoredDraft<D>) : null;
  } catch {
    return null; // unreadable (or storage disabled): as if nothing was kept
  }
}

export function writeDraft<D>(key: string, stored: StoredDraft<D>): void {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(stored));
  } catch {
    // Full or disabled storage: the edit is still in the page and is being saved.
  }
}

export function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing kept
  }
}
