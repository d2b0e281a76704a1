// Never lose an answer: a send that fails for the network or a busy server is tried again,
// with the same Idempotency-Key, until it succeeds. The server records a key once, so however
// many copies arrive, one answer is stored and every copy gets the same result back.

/** What one try of a request came to. */
export type Try<T> =
  | { kind: "done"; value: T }
  | { kind: "retry"; reason: string; retryAfterMs?: number }
  | { kind: "failed"; problem: unknown };

export class RequestFailedError extends Error {
  constructor(readonly problem: unknown) {
    super("the request failed");
  }
}

export const BACKOFF_MS = [500, 1000, 2000, 4000, 8000] as const;

export interface RetryOptions {
  /** Waits before try n+1; the last one repeats. */
  delays?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait: the player then says that it is reconnecting. */
  onRetry?: (tries: number, delayMs: number, reason: string) => void;
  signal?: AbortSignal;
}

/** Statuses worth trying again: the request may not have reached us, or may succeed later. */
export function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status === 502 || status === 503 || status === 504;
}

/** Waits `ms`, or less when the browser says it is back online. */
export function sleepUnlessOnline(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
  });
}

export async function withRetry<T>(
  send: () => Promise<Try<T>>,
  options: RetryOptions = {},
): Promise<T> {
  const delays = options.delays ?? BACKOFF_MS;
  const sleep = options.sleep ?? sleepUnlessOnline;
  for (let tries = 1; ; tries++) {
    if (options.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const outcome = await send();
    if (outcome.kind === "done") return outcome.value;
    if (outcome.kind === "failed") throw new RequestFailedError(outcome.problem);
    const planned = delays[Math.min(tries - 1, delays.length - 1)] ?? 1000;
    const delay = Math.max(planned, outcome.retryAfterMs ?? 0);
    options.onRetry?.(tries, delay, outcome.reason);
    await sleep(delay);
  }
}

/** One try of a fetch-like call: network errors and transient statuses become "retry". */
export async function tryOnce<T>(
  call: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Try<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call();
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    return { kind: "retry", reason: "network" }; // fetch rejects only when nothing came back
  }
  const { data, error, response } = result;
  if (data !== undefined && response.ok) return { kind: "done", value: data };
  if (isTransient(response.status)) {
    const after = Number(response.headers.get("Retry-After"));
    return {
      kind: "retry",
      reason: `status ${response.status}`,
      ...(after > 0 ? { retryAfterMs: Math.min(after, 30) * 1000 } : {}),
    };
  }
  return { kind: "failed", problem: error ?? { status: response.status } };
}
