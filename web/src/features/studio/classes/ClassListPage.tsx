// The author's classes: each with its members and assignments, and a form to start one.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { PageHeading } from "../../../components/PageHeading";
import { Link, navigate } from "../../../router";
import { type ClassRead, classesKey, useAssignments, useClasses } from "./classQueries";
import "./classes.css";

export default function ClassListPage() {
  const classes = useClasses();
  return (
    <section className="studio classes">
      <PageHeading title="Classes">Your classes</PageHeading>
      <p>
        <Link to="/studio">All scenarios</Link>
      </p>
      <CreateClassForm />
      {classes.isPending ? (
        <p role="status">Loading…</p>
      ) : classes.error ? (
        <p role="alert" className="error">
          {problemText(classes.error)}
        </p>
      ) : classes.data.length === 0 ? (
        <p role="status">No class yet.</p>
      ) : (
        <ul className="cards" aria-label="Classes">
          {classes.data.map((c) => (
            <ClassRow key={c.id} found={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ClassRow({ found }: { found: ClassRead }) {
  const assignments = useAssignments(found.id);
  const count = assignments.data?.length;
  return (
    <li className="card">
      <h2>
        <Link to={`/studio/classes/${found.id}`}>
          <span dir="auto">{found.title}</span>
        </Link>
      </h2>
      <dl className="facts">
        <dt>Members</dt>
        <dd>{found.member_count}</dd>
        <dt>Assignments</dt>
        <dd>{count ?? "…"}</dd>
      </dl>
    </li>
  );
}

function CreateClassForm() {
  const api = useApi();
  const queries = useQueryClient();
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { data, error: problem } = await api.POST("/classes", { body: { title } });
    setBusy(false);
    if (!data) return setError(problemText(problem));
    await queries.invalidateQueries({ queryKey: classesKey });
    navigate(`/studio/classes/${data.id}`);
  }
  return (
    <form className="create-scenario" onSubmit={create}>
      <label htmlFor="new-class-title">New class title</label>
      <div className="row">
        <input
          id="new-class-title"
          value={title}
          required
          maxLength={300}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-class-error" : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          Create class
        </button>
      </div>
      {error && (
        <p id="new-class-error" role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
