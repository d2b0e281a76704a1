// The attempts table's filters and page, kept in the URL (so a reload or a shared link shows
// the same rows): ?status=&version=&learner=&page=, and on a class's list ?scenario=.
export const PAGE_SIZE = 20;
export const STATUSES = ["in_progress", "completed", "abandoned"] as const;
export type Status = (typeof STATUSES)[number];
export type AttemptFilters = {
  status: Status | null;
  version: number | null;
  learner: string;
  page: number;
  /** A class's list only: one of its scenarios (the API's `scenario_id`). */
  scenario?: string;
};

export const STATUS_TEXT: Record<Status, string> = {
  in_progress: "In progress",
  completed: "Completed",
  abandoned: "Abandoned",
};

/** The filters a query string says; anything malformed is left out. */
export function readFilters(search: string): AttemptFilters {
  const params = new URLSearchParams(search);
  const status = params.get("status");
  const version = Number(params.get("version"));
  const page = Number(params.get("page"));
  const scenario = params.get("scenario") ?? "";
  return {
    ...(/^[0-9a-f-]{36}$/i.test(scenario) ? { scenario } : {}),
    status: (STATUSES as readonly string[]).includes(status ?? "") ? (status as Status) : null,
    version: Number.isInteger(version) && version >= 1 ? version : null,
    learner: params.get("learner")?.trim() ?? "",
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query string for these filters ("" when none), without defaults. */
export function writeFilters(filters: AttemptFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.version) params.set("version", String(filters.version));
  if (filters.learner) params.set("learner", filters.learner);
  if (filters.page > 1) params.set("page", String(filters.page));
  if (filters.scenario) params.set("scenario", filters.scenario);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API's query for these filters: one page of PAGE_SIZE (a class's scenario is the
 * caller's to add: only the class routes take it). */
export function apiQuery(filters: AttemptFilters) {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.version ? { version: filters.version } : {}),
    ...(filters.learner ? { learner: filters.learner } : {}),
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  };
}

/** "Attempts 21–40 of 45", or "No attempts" for none. */
export function pageText(page: number, total: number): string {
  if (total === 0) return "No attempts match.";
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  return `Attempts ${first}–${last} of ${total}`;
}
