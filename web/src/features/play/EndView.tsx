import { useQuery } from "@tanstack/react-query";
import { API_PREFIX, type AttemptRead } from "../../api/client";
import { useApi } from "../../api/context";
import { Link } from "../../router";

/** The end of an attempt: the score, the path taken and the PDF report. */
export function EndView({ attempt }: { attempt: AttemptRead }) {
  const api = useApi();
  const history = useQuery({
    queryKey: ["attempt", attempt.id, "answers"],
    queryFn: async () => {
      const { data, error } = await api.GET("/attempts/{attempt_id}/answers", {
        params: { path: { attempt_id: attempt.id } },
      });
      if (!data) throw error;
      return data;
    },
  });
  const finished = attempt.status === "completed";
  return (
    <section aria-labelledby="end">
      <h2 id="end">{finished ? "You finished the scenario" : "This attempt was abandoned"}</h2>
      <p className="score">
        Your score: <strong>{attempt.score}</strong>
      </p>
      <h3>The path you took</h3>
      {history.isPending ? (
        <p>Loading your answers…</p>
      ) : history.data ? (
        <ol className="path">
          {history.data.map((step) => (
            <li key={step.answer_id}>
              Question {step.question_number}:{" "}
              {step.chosen.length > 0 ? (
                step.chosen.map((c) => c.label).join(", ")
              ) : (
                <q dir="auto">{step.text}</q>
              )}{" "}
              — {step.is_correct === null ? "recorded" : step.is_correct ? "correct" : "incorrect"}{" "}
              ({step.score_awarded} {step.score_awarded === 1 ? "point" : "points"})
            </li>
          ))}
        </ol>
      ) : (
        <p role="alert">Your answers could not be loaded.</p>
      )}
      <p>
        <a href={`${API_PREFIX}/attempts/${attempt.id}/report`} download>
          Download your report (PDF)
        </a>
      </p>
      <p>
        <Link to="/">Back to your scenarios</Link>
      </p>
    </section>
  );
}
