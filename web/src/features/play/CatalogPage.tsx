import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AttemptRead, CatalogEntry } from "../../api/client";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link, navigate } from "../../router";
import { byClass, dateLabels } from "./catalog";
import { YourData } from "./YourData";

/** What just happened on the way here (/join, /shared send ?joined= or ?shared=). */
function arrivalNotice(search: string): string {
  const params = new URLSearchParams(search);
  const joined = params.get("joined");
  if (joined) return `You joined ${joined}.`;
  const shared = params.get("shared");
  if (shared) return `${shared} is now in your scenarios.`;
  return "";
}

/** The published scenarios the learner may play, by class, with their attempts in progress. */
export function CatalogPage({ search = "" }: { search?: string }) {
  const api = useApi();
  const catalog = useQuery({
    queryKey: ["catalog", "by-class"],
    queryFn: async () => {
      const { data, error } = await api.GET("/catalog/by-class");
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
  const notice = arrivalNotice(search);
  const attemptsOf = (entry: CatalogEntry) =>
    (mine.data ?? []).filter((a) => a.scenario_id === entry.id);
  const groups = catalog.data ? byClass(catalog.data) : null;
  return (
    <section>
      <PageHeading title="Your scenarios">Your scenarios</PageHeading>
      <p role="status">{notice}</p>
      <p>
        <Link to="/join">Join a class</Link>
      </p>
      {catalog.isPending || mine.isPending ? (
        <p role="status">Loading…</p>
      ) : catalog.error || mine.error || !groups ? (
        <p role="alert">The scenarios could not be loaded. Check your connection and reload.</p>
      ) : groups.classes.length === 0 && groups.other.length === 0 ? (
        <p>No scenario is published for you yet.</p>
      ) : groups.classes.length === 0 ? (
        <ul className="cards">
          {groups.other.map((entry) => (
            <ScenarioCard key={entry.id} entry={entry} attempts={attemptsOf(entry)} level={2} />
          ))}
        </ul>
      ) : (
        <>
          {groups.classes.map((group) => (
            <section key={group.class_id} aria-labelledby={`class-${group.class_id}`}>
              <h2 id={`class-${group.class_id}`} dir="auto">
                {group.class_title}
              </h2>
              <ul className="cards">
                {group.entries.map((entry) => (
                  <ScenarioCard
                    key={entry.id}
                    entry={entry}
                    attempts={attemptsOf(entry)}
                    level={3}
                    classId={group.class_id}
                  />
                ))}
              </ul>
            </section>
          ))}
          {groups.other.length > 0 && (
            <section aria-labelledby="class-other">
              <h2 id="class-other">Other scenarios</h2>
              <ul className="cards">
                {groups.other.map((entry) => (
                  <ScenarioCard
                    key={entry.id}
                    entry={entry}
                    attempts={attemptsOf(entry)}
                    level={3}
                  />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <YourData />
    </section>
  );
}

function ScenarioCard({
  entry,
  attempts,
  level,
  classId = null,
}: {
  entry: CatalogEntry;
  attempts: AttemptRead[];
  level: 2 | 3;
  classId?: string | null;
}) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const open = attempts.find((a) => a.status === "in_progress");
  const done = attempts.find((a) => a.status === "completed");
  // One scenario may sit in two classes: the heading's id names both.
  const headingId = `scenario-${classId ?? "other"}-${entry.id}`;
  const Heading = level === 2 ? "h2" : "h3";
  const dates = dateLabels(entry, classId);
  const canStart = entry.can_start ?? true;

  async function start() {
    const { data, error: problem } = await api.POST("/attempts", {
      body: { scenario_id: entry.id },
    });
    if (!data) setError(problemText(problem));
    else navigate(`/attempts/${data.id}`);
  }

  return (
    <li className="card" aria-labelledby={headingId}>
      <Heading id={headingId} dir="auto">
        {entry.title}
      </Heading>
      <p dir="auto" className="excerpt">
        {entry.context_text.slice(0, 200)}
        {entry.context_text.length > 200 ? "…" : ""}
      </p>
      <p className="meta">
        {entry.question_count} questions
        {done ? ` · last score ${done.score}` : ""}
      </p>
      {dates.length > 0 && <p className="dates">{dates.join(" · ")}</p>}
      {open?.current_question ? (
        <>
          <p>
            In progress: question {open.current_question.number} of {open.current_question.total}
          </p>
          <Link to={`/attempts/${open.id}`} className="button">
            Resume <span className="visually-hidden">{entry.title}</span>
          </Link>
        </>
      ) : canStart ? (
        <button type="button" onClick={start}>
          {done ? "Play again" : "Start"} <span className="visually-hidden">{entry.title}</span>
        </button>
      ) : null}
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
