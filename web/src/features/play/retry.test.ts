import { describe, expect, it, vi } from "vitest";
import { RequestFailedError, type Try, tryOnce, withRetry } from "./retry";

const noWait = () => Promise.resolve();

describe("withRetry", () => {
  it("tries again after transient failures, with growing waits, until it succeeds", async () => {
    const outcomes: Try<string>[] = [
      { kind: "retry", reason: "network" },
      { kind: "retry", reason: "status 503" },
      { kind: "retry", reason: "network" },
      { kind: "done", value: "stored" },
    ];
    const send = vi.fn(async () => outcomes.shift() as Try<string>);
    const waits: number[] = [];
    const value = await withRetry(send, {
      delays: [100, 200, 400],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(value).toBe("stored");
    expect(send).toHaveBeenCalledTimes(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it("keeps trying past the last delay (an answer is never dropped)", async () => {
    let calls = 0;
    const value = await withRetry(
      async (): Promise<Try<number>> =>
        ++calls < 20 ? { kind: "retry", reason: "network" } : { kind: "done", value: calls },
      { delays: [1], sleep: noWait },
    );
    expect(value).toBe(20);
  });

  it("waits at least as long as the server's Retry-After", async () => {
    const waits: number[] = [];
    const outcomes: Try<string>[] = [
      { kind: "retry", reason: "status 503", retryAfterMs: 3000 },
      { kind: "done", value: "ok" },
    ];
    await withRetry(async () => outcomes.shift() as Try<string>, {
      delays: [500],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([3000]);
  });

  it("stops at once on a refusal that another try cannot change", async () => {
    const send = vi.fn(
      async (): Promise<Try<string>> => ({ kind: "failed", problem: { status: 422 } }),
    );
    await expect(withRetry(send, { sleep: noWait })).rejects.toBeInstanceOf(RequestFailedError);
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe("tryOnce", () => {
  const response = (status: number, headers: Record<string, string> = {}) =>
    new Response(null, { status, headers });

  it("calls a rejected fetch a network failure to retry", async () => {
    const outcome = await tryOnce(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(outcome).toEqual({ kind: "retry", reason: "network" });
  });

  it("retries 502/503/504 and honours Retry-After, but not 4xx", async () => {
    expect(
      await tryOnce(async () => ({ response: response(503, { "Retry-After": "2" }) })),
    ).toEqual({
      kind: "retry",
      reason: "status 503",
      retryAfterMs: 2000,
    });
    expect((await tryOnce(async () => ({ response: response(504) }))).kind).toBe("retry");
    expect(
      (await tryOnce(async () => ({ error: { detail: "no" }, response: response(409) }))).kind,
    ).toBe("failed");
  });
});
