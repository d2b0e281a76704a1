import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AttemptRead, CatalogEntry } from "../../api/client";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link, navigate } from "../../router";

/** The published scenarios the learner may play, with their attempts in progress. */
export function CatalogPage() {
  const api = useApi();
  const catalog = useQuery({
    queryKey: ["catalog"],
    queryFn: async () => {
      const { data, error } = await api.GET("/catalog");
      if (!data) throw error;
      return data;
    },
  });
  const mine = useQuery({
    queryKey: ["attempts"],
    queryFn: async () => {
      const { data, error } = await api.GET("/attempts");
      if (!data) throw error;
      return data;
    },
  });
  return (
    <section>
      <PageHeading title="Your scenarios">Your scenarios</PageHeading>
      {catalog.isPending || mine.isPending ? (
        <p role="status">Loading…</p>
      ) : catalog.error || mine.error ? (
        <p role="alert">The scenarios could not be loaded. Check your connection and reload.</p>
      ) : catalog.data.length === 0 ? (
        <p>No scenario is published for you yet.</p>
      ) : (
        <ul className="cards">
          {catalog.data.map((entry) => (
            <ScenarioCard
              key={entry.id}
              entry={entry}
              attempts={mine.data.filter((a) => a.scenario_id === entry.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ScenarioCard({ entry, attempts }: { entry: CatalogEntry; attempts: AttemptRead[] }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const open = attempts.find((a) => a.status === "in_progress");
  const done = attempts.find((a) => a.status === "completed");
  const headingId = `scenario-${entry.id}`;

  async function start() {
    const { data, error: problem } = await api.POST("/attempts", {
      body: { scenario_id: entry.id },
    });
    if (!data) setError(problemText(problem));
    else navigate(`/attempts/${data.id}`);
  }

  return (
    <li className="card" aria-labelledby={headingId}>
      <h2 id={headingId} dir="auto">
        {entry.title}
      </h2>
      <p dir="auto" className="excerpt">
        {entry.context_text.slice(0, 200)}
        {entry.context_text.length > 200 ? "…" : ""}
      </p>
      <p className="meta">
        {entry.question_count} questions
        {done ? ` · last score ${done.score}` : ""}
      </p>
      {open?.current_question ? (
        <>
          <p>
            In progress: question {open.current_question.number} of {open.current_question.total}
          </p>
          <Link to={`/attempts/${open.id}`} className="button">
            Resume <span className="visually-hidden">{entry.title}</span>
          </Link>
        </>
      ) : (
        <button type="button" onClick={start}>
          {done ? "Play again" : "Start"} <span className="visually-hidden">{entry.title}</span>
        </button>
      )}
      {done && (
        <p>
          <Link to={`/attempts/${done.id}`}>See your last results</Link>
        </p>
      )}
      <div role="alert" className="error">
        {error}
      </div>
    </li>
  );
}
