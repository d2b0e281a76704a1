// What a save can come back with, whatever is saved (a question, the scenario's fields).
import type { StudioProblem } from "./types";

export type SaveResult<T> =
  | { kind: "saved"; value: T; etag: string }
  | { kind: "conflict"; current: T; etag: string }
  | { kind: "invalid"; problem: StudioProblem }
  | { kind: "failed"; reason: string };

/** An openapi-fetch answer as a SaveResult: 412 carries the current copy, 422 the errors. */
export function toSaveResult<T extends { etag: string }>(answer: {
  data?: T;
  error?: unknown;
  response: Response;
}): SaveResult<T> {
  if (answer.data) return { kind: "saved", value: answer.data, etag: answer.data.etag };
  const problem = (answer.error ?? {}) as StudioProblem;
  if (answer.response.status === 412 && problem.current) {
    const current = problem.current as T;
    return { kind: "conflict", current, etag: current.etag };
  }
  if (answer.response.status === 422) return { kind: "invalid", problem };
  return {
    kind: "failed",
    reason: problem.detail ?? `the server answered ${answer.response.status}`,
  };
}

export async function guarded<T>(save: () => Promise<SaveResult<T>>): Promise<SaveResult<T>> {
  try {
    return await save();
  } catch {
    return { kind: "failed", reason: "no connection to the server (your edit is kept here)" };
  }
}
