// Signing in through the organisation goes by our server (and the provider's), whose logs
// keep every address they are sent. A join or share link carries its code in the #fragment,
// which browsers never send: so that it stays so, the fragment waits in this tab's storage
// while the browser is away, and is put back when it returns to the same address.
const KEY = "quizflow:returning-fragment";

/** `next` without its #fragment: what may be sent to a server. */
export function withoutFragment(next: string): string {
  const cut = next.indexOf("#");
  return cut < 0 ? next : next.slice(0, cut);
}

/** Keep `next`'s #fragment in this tab for `restoreFragment` (as the browser leaves). */
export function keepFragment(next: string): void {
  const path = withoutFragment(next);
  if (path === next) return;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ path, fragment: next.slice(path.length) }));
  } catch {
    // No storage (a locked-down browser): the page opens without its code, and says so.
  }
}

/** Put a kept fragment back on the address it was kept for, once; call before the app starts. */
export function restoreFragment(): void {
  let kept: { path?: unknown; fragment?: unknown } | null = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    sessionStorage.removeItem(KEY);
  } catch {
    return;
  }
  const here = window.location.pathname + window.location.search;
  if (
    kept &&
    typeof kept.fragment === "string" &&
    kept.fragment.startsWith("#") &&
    kept.path === here &&
    !window.location.hash
  )
    window.history.replaceState(window.history.state, "", here + kept.fragment);
}
