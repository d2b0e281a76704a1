// Results of a scenario, per published version: item analysis, charts (facility per question,
// scores, drop-off along the path) each with its numbers beside it, and the version's graph
// drawn with its traffic. The version picked is in the URL (?version=n).
import { useMemo } from "react";
import { problemText } from "../../../api/client";
import { PageHeading } from "../../../components/PageHeading";
import { Link, navigate } from "../../../router";
import { ScenarioTabs } from "../ScenarioTabs";
import { useVersions } from "../versions/useVersions";
import { facilityBars, reachedBars, scoreBars, trafficGraph } from "./analytics";
import { BarChart } from "./BarChart";
import { CountedNote } from "./CountedNote";
import { ItemTable } from "./ItemTable";
import { TrafficGraph } from "./TrafficGraph";
import { useAnalytics } from "./useAnalytics";
import "./results.css";

export default function ResultsPage({
  scenarioId,
  search,
}: {
  scenarioId: string;
  search: string;
}) {
  const { scenario, versions } = useVersions(scenarioId);
  const asked = Number(new URLSearchParams(search).get("version"));
  const numbers = (versions.data ?? []).map((v) => v.number).sort((a, b) => b - a);
  const version = numbers.includes(asked) ? asked : (numbers[0] ?? null);
  const { items, paths, scores } = useAnalytics(scenarioId, version);
  const graph = useMemo(() => (paths.data ? trafficGraph(paths.data) : null), [paths.data]);
  const title = scenario.data?.title ?? "Scenario";
  const failed = scenario.error ?? versions.error;

  return (
    <section className="results-page">
      <PageHeading title={`Results: ${title}`}>
        Results: <span dir="auto">{title}</span>
      </PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="/results" />
      <p>
        <Link to={`/studio/scenarios/${scenarioId}/results/attempts`}>Every attempt</Link>
      </p>
      {failed ? (
        <p role="alert" className="error">
          {problemText(failed)}
        </p>
      ) : !versions.data ? (
        <p role="status">Loading the versions…</p>
      ) : version === null ? (
        <p>Not published yet: results come once learners play a published version.</p>
      ) : (
        <>
          <label className="version-picker">
            Version{" "}
            <select
              value={version}
              onChange={(e) =>
                navigate(`/studio/scenarios/${scenarioId}/results?version=${e.target.value}`, {
                  replace: true,
                })
              }
            >
              {numbers.map((n) => (
                <option key={n} value={n}>
                  Version {n}
                </option>
              ))}
            </select>
          </label>
          {paths.data && (
            <p className="results-summary">
              {paths.data.attempts} attempts: {paths.data.completed} completed,{" "}
              {paths.data.in_progress} in progress, {paths.data.abandoned} abandoned.
            </p>
          )}
          <CountedNote counts={[items.data, paths.data]} />

          <h2>Questions</h2>
          {items.error && <p role="alert">{problemText(items.error)}</p>}
          {items.data ? (
            <>
              <ItemTable items={items.data} />
              <BarChart
                title="Facility per question"
                bars={facilityBars(items.data)}
                max={100}
                labelHeader="Question"
                valueHeader="Facility (0–100)"
                format={(v) => v.toFixed(0)}
              />
            </>
          ) : (
            !items.error && <p role="status">Loading the item analysis…</p>
          )}

          <h2>Scores</h2>
          {scores.error && <p role="alert">{problemText(scores.error)}</p>}
          {scores.data && (
            <>
              <p>
                {scores.data.attempts} completed attempts out of {scores.data.max_score} points
                {scores.data.mean !== null &&
                  `: mean ${scores.data.mean.toFixed(1)}, median ${scores.data.median?.toFixed(1)}`}
                .
              </p>
              <BarChart
                title="Distribution of scores"
                bars={scoreBars(scores.data)}
                labelHeader="Score"
                valueHeader="Attempts"
              />
            </>
          )}

          <h2>Paths</h2>
          {paths.error && <p role="alert">{problemText(paths.error)}</p>}
          {paths.data && graph && (
            <>
              <BarChart
                title="Drop-off along the path"
                bars={reachedBars(paths.data)}
                max={paths.data.attempts}
                labelHeader="Question"
                valueHeader="Attempts that reached it"
              />
              <p className="hint">
                Each link is drawn as wide as its share of the busiest one; each question shows how
                many reached it, stopped there, and the median time spent on it.
              </p>
              <TrafficGraph
                key={version}
                nodes={graph.nodes}
                edges={graph.edges}
                label={`Traffic on version ${version}'s graph`}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
