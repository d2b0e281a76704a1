// One attempt: answer by answer with the time on each question, its path highlighted on the
// version's traffic graph, and its PDF report.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { API_PREFIX, ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { PageHeading } from "../../../components/PageHeading";
import { Link } from "../../../router";
import { ScenarioTabs } from "../ScenarioTabs";
import { scenarioKey } from "../scenarioQueries";
import { trafficGraph } from "./analytics";
import { STATUS_TEXT } from "./filters";
import { formatSeconds } from "./format";
import { TrafficGraph } from "./TrafficGraph";
import { useAnalytics } from "./useAnalytics";
import "./results.css";

export default function AttemptPage({
  scenarioId,
  attemptId,
}: {
  scenarioId: string;
  attemptId: string;
}) {
  const api = useApi();
  const attempt = useQuery({
    queryKey: [...scenarioKey(scenarioId), "attempt", attemptId],
    queryFn: async () => {
      const { data, error } = await api.GET("/results/attempts/{attempt_id}", {
        params: { path: { attempt_id: attemptId } },
      });
      if (error || !data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
  const a = attempt.data;
  const { paths } = useAnalytics(scenarioId, a?.version ?? null);
  const graph = useMemo(() => {
    if (!paths.data || !a) return null;
    const questionIds = new Set(a.path.map((s) => s.question_id));
    const linkIds = new Set(a.path.flatMap((s) => (s.link_id ? [s.link_id] : [])));
    return trafficGraph(paths.data, { questionIds, linkIds });
  }, [paths.data, a]);
  const who = a ? a.learner.name || a.learner.email : "Attempt";
  return (
    <section className="results-page">
      <PageHeading title={`Attempt by ${who}`}>
        Attempt by <span dir="auto">{who}</span>
      </PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="/results" />
      <p>
        <Link to={`/studio/scenarios/${scenarioId}/results/attempts`}>All attempts</Link>
      </p>
      {attempt.error ? (
        <p role="alert" className="error">
          {problemText(attempt.error)}
        </p>
      ) : !a ? (
        <p role="status">Loading the attempt…</p>
      ) : (
        <>
          <p>
            Version {a.version}, {STATUS_TEXT[a.status].toLowerCase()}, score {a.score} /{" "}
            {a.max_score}, time taken {formatSeconds(a.time_taken_s)}.{" "}
            <a href={`${API_PREFIX}/attempts/${a.attempt_id}/report`}>Report (PDF)</a>
          </p>
          <h2>Answer by answer</h2>
          <ol className="path-steps">
            {a.path.map((step) => (
              <li key={step.position}>
                <strong>Q{step.question_position}</strong>{" "}
                <span dir="auto">{step.prompt_text}</span>
                <br />
                Answer:{" "}
                {step.choices.length > 0
                  ? step.choices.map((c) => `${c.label} ${c.body_text}`).join(", ")
                  : (step.free_text ?? "—")}
                {step.is_correct === true && " — ✓ correct"}
                {step.is_correct === false && " — ✗ wrong"}. Score {step.score_after}. Time on the
                question: {formatSeconds(step.seconds)}.
              </li>
            ))}
          </ol>
          <h2>Path on the graph</h2>
          {paths.error && <p role="alert">{problemText(paths.error)}</p>}
          {graph && (
            <TrafficGraph
              nodes={graph.nodes}
              edges={graph.edges}
              label={`This attempt's path on version ${a.version}'s graph`}
            />
          )}
        </>
      )}
    </section>
  );
}
