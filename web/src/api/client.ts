// The one way the browser talks to the API: openapi-fetch over the generated schema.d.ts.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Api = Client<paths>;
export type Problem = components["schemas"]["Problem"];
export type AttemptRead = components["schemas"]["AttemptRead"];
export type AnswerResultRead = components["schemas"]["AnswerResultRead"];
export type QuestionForLearner = components["schemas"]["QuestionForLearner"];
export type CatalogEntry = components["schemas"]["CatalogEntry"];
export type UserRead = components["schemas"]["UserRead"];

/** The CSRF token the server put in a readable cookie when we signed in (see docs/web.md). */
export function csrfToken(): string | undefined {
  const match = document.cookie.match(/(?:^|;\s*)quizflow_csrf=([^;]+)/);
  return match?.[1];
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

// Every unsafe request carries the token: the session cookie alone is not enough.
const csrf: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (!SAFE.has(request.method) && token) request.headers.set("X-CSRF-Token", token);
    return request;
  },
};

/** The API lives under /api on the app's own origin: CloudFront routes /api/* to API Gateway in
 * AWS, and `quizflow serve` answers the same paths (docs/web.md). */
export const API_PREFIX = "/api";

export function makeApi(fetchImpl?: typeof fetch, baseUrl = ""): Api {
  const api = createClient<paths>({
    baseUrl: baseUrl || (typeof window === "undefined" ? "" : window.location.origin) + API_PREFIX,
    credentials: "same-origin",
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  api.use(csrf);
  return api;
}

/** A problem+json answer thrown as an Error (so TanStack Query treats it as one); its message
 * is the problem's sentence for people. */
export class ApiProblem extends Error {}

/** Whether a failed query is worth trying again: a dropped connection or a 5xx may pass, a
 * refusal (4xx, or a problem already turned into an ApiProblem) will not, and three tries of
 * it only keep the person waiting for the message. */
export function worthRetrying(failures: number, error: unknown): boolean {
  if (failures >= 3 || error instanceof ApiProblem) return false;
  if (error && typeof error === "object" && "status" in error && typeof error.status === "number")
    return error.status >= 500;
  return true;
}

/** A problem+json body's sentence for people, whatever went wrong. */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  if (error && typeof error === "object" && "detail" in error && typeof error.detail === "string") {
    return error.detail;
  }
  return "Something went wrong. Please try again.";
}
