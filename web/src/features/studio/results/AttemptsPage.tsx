// Every attempt at a scenario, or by a class's members at its assigned scenarios (learner,
// version, status, score, started, finished, time taken), filtered by status, version (or, for
// a class, scenario) and learner, paged; the filters live in the URL. CSV downloads of the
// attempts and of their answers take the same filters.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { PageHeading } from "../../../components/PageHeading";
import { Link, navigate } from "../../../router";
import { classKey, useAssignments, useClass } from "../classes/classQueries";
import { ScenarioTabs } from "../ScenarioTabs";
import { scenarioKey } from "../scenarioQueries";
import { useVersions } from "../versions/useVersions";
import {
  type AttemptFilters,
  apiQuery,
  PAGE_SIZE,
  pageText,
  readFilters,
  STATUS_TEXT,
  STATUSES,
  type Status,
  writeFilters,
} from "./filters";
import { formatSeconds } from "./format";
import { type AttemptSource, useCsv } from "./useCsv";
import "./results.css";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

type Go = (changed: Partial<AttemptFilters>) => void;

export default function AttemptsPage({
  source,
  search,
}: {
  source: AttemptSource;
  search: string;
}) {
  return "classId" in source ? (
    <ClassAttempts classId={source.classId} search={search} />
  ) : (
    <ScenarioAttempts scenarioId={source.scenarioId} search={search} />
  );
}

function ScenarioAttempts({ scenarioId, search }: { scenarioId: string; search: string }) {
  const { scenario, versions } = useVersions(scenarioId);
  const title = scenario.data?.title ?? "Scenario";
  return (
    <AttemptsView
      source={{ scenarioId }}
      search={search}
      title={title}
      base={`/studio/scenarios/${scenarioId}/results/attempts`}
      failed={scenario.error}
      nav={
        <>
          <ScenarioTabs scenarioId={scenarioId} current="/results" />
          <p>
            <Link to={`/studio/scenarios/${scenarioId}/results`}>Analytics</Link>
          </p>
        </>
      }
      narrow={(filters, go) => (
        <label>
          Version{" "}
          <select
            value={filters.version ?? ""}
            onChange={(e) => go({ version: Number(e.target.value) || null })}
          >
            <option value="">Any</option>
            {(versions.data ?? []).map((v) => (
              <option key={v.id} value={v.number}>
                Version {v.number}
              </option>
            ))}
          </select>
        </label>
      )}
    />
  );
}

function ClassAttempts({ classId, search }: { classId: string; search: string }) {
  const found = useClass(classId);
  const assignments = useAssignments(classId);
  const title = found.data?.title ?? "Class";
  return (
    <AttemptsView
      source={{ classId }}
      search={search}
      title={title}
      base={`/studio/classes/${classId}/results`}
      failed={found.error}
      nav={
        <p>
          <Link to={`/studio/classes/${classId}`}>Back to the class</Link>
        </p>
      }
      narrow={(filters, go) => (
        <label>
          Scenario{" "}
          <select
            value={filters.scenario ?? ""}
            onChange={(e) => go({ scenario: e.target.value || undefined, version: null })}
          >
            <option value="">Any</option>
            {(assignments.data ?? []).map((a) => (
              <option key={a.scenario_id} value={a.scenario_id}>
                {a.scenario_title}
              </option>
            ))}
          </select>
        </label>
      )}
    />
  );
}

function useAttempts(source: AttemptSource, filters: AttemptFilters, search: string) {
  const api = useApi();
  return useQuery({
    queryKey:
      "classId" in source
        ? [...classKey(source.classId), "attempts", search]
        : [...scenarioKey(source.scenarioId), "attempts", search],
    queryFn: async () => {
      const { data, error } =
        "classId" in source
          ? await api.GET("/classes/{class_id}/results/attempts", {
              params: {
                path: { class_id: source.classId },
                query: {
                  ...apiQuery(filters),
                  ...(filters.scenario ? { scenario_id: filters.scenario } : {}),
                },
              },
            })
          : await api.GET("/scenarios/{scenario_id}/results/attempts", {
              params: { path: { scenario_id: source.scenarioId }, query: apiQuery(filters) },
            });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
}

function AttemptsView({
  source,
  search,
  title,
  base,
  failed: notFound,
  nav,
  narrow,
}: {
  source: AttemptSource;
  search: string;
  title: string;
  base: string;
  failed: unknown;
  nav: ReactNode;
  narrow: (filters: AttemptFilters, go: Go) => ReactNode;
}) {
  const filters = readFilters(search);
  const attempts = useAttempts(source, filters, search);
  const csv = useCsv(source, filters);
  const [learner, setLearner] = useState(filters.learner);
  const go: Go = (changed) =>
    navigate(base + writeFilters({ ...filters, page: 1, ...changed }), { replace: true });
  const failed = notFound ?? attempts.error;
  const total = attempts.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section className="results-page">
      <PageHeading title={`Attempts: ${title}`}>
        Attempts: <span dir="auto">{title}</span>
      </PageHeading>
      {nav}
      {failed ? (
        <p role="alert" className="error">
          {problemText(failed)}
        </p>
      ) : (
        <>
          <form
            className="attempt-filters"
            aria-label="Filter the attempts"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              go({ learner: learner.trim() });
            }}
          >
            <label>
              Status{" "}
              <select
                value={filters.status ?? ""}
                onChange={(e) => go({ status: (e.target.value || null) as Status | null })}
              >
                <option value="">Any</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_TEXT[s]}
                  </option>
                ))}
              </select>
            </label>
            {narrow(filters, go)}
            <label>
              Learner{" "}
              <input
                type="search"
                value={learner}
                onChange={(e) => setLearner(e.target.value)}
                placeholder="email or name"
              />
            </label>
            <button type="submit">Filter</button>
          </form>
          <p className="csv-buttons">
            <button
              type="button"
              disabled={csv.busy !== null}
              onClick={() => csv.download("attempts")}
            >
              Download attempts (CSV)
            </button>{" "}
            <button
              type="button"
              disabled={csv.busy !== null}
              onClick={() => csv.download("answers")}
            >
              Download answers (CSV)
            </button>
            {csv.busy && <span role="status"> Preparing {csv.busy}…</span>}
          </p>
          {csv.problem && <p role="alert">{csv.problem}</p>}
          {!attempts.data ? (
            <p role="status">Loading the attempts…</p>
          ) : (
            <>
              <p role="status">{pageText(filters.page, total)}</p>
              {attempts.data.items.length > 0 && (
                <table className="results-table">
                  <caption className="visually-hidden">Attempts</caption>
                  <thead>
                    <tr>
                      <th scope="col">Learner</th>
                      <th scope="col">Version</th>
                      <th scope="col">Status</th>
                      <th scope="col">Score</th>
                      <th scope="col">Started</th>
                      <th scope="col">Finished</th>
                      <th scope="col">Time taken</th>
                    </tr>
                  </thead>
                  <tbody>
                    {attempts.data.items.map((a) => (
                      <tr key={a.attempt_id}>
                        <th scope="row">
                          <Link
                            to={`/studio/scenarios/${a.scenario_id}/results/attempts/${a.attempt_id}`}
                          >
                            <span dir="auto">{a.learner.name || a.learner.email}</span>
                          </Link>{" "}
                          <span className="hint">{a.learner.email}</span>
                        </th>
                        <td>{a.version}</td>
                        <td>{STATUS_TEXT[a.status]}</td>
                        <td>
                          {a.score} / {a.max_score}
                        </td>
                        <td>
                          <time dateTime={a.started_at}>{when.format(new Date(a.started_at))}</time>
                        </td>
                        <td>
                          {a.finished_at ? (
                            <time dateTime={a.finished_at}>
                              {when.format(new Date(a.finished_at))}
                            </time>
                          ) : (
                            "—"
                          )}
                        </td>
                        <td>{formatSeconds(a.time_taken_s)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {pages > 1 && (
                <nav aria-label="Pages of attempts" className="pager">
                  {filters.page > 1 && (
                    <Link to={base + writeFilters({ ...filters, page: filters.page - 1 })}>
                      Previous page
                    </Link>
                  )}{" "}
                  Page {filters.page} of {pages}{" "}
                  {filters.page < pages && (
                    <Link to={base + writeFilters({ ...filters, page: filters.page + 1 })}>
                      Next page
                    </Link>
                  )}
                </nav>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
