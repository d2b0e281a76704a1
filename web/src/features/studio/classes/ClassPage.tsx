// One class: its title, join code, members, assignments and co-authors, and its results.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { PageHeading } from "../../../components/PageHeading";
import { Link, navigate } from "../../../router";
import { useSession } from "../../auth/session";
import { ConfirmDialog } from "../list/ConfirmDialog";
import { AssignmentsSection } from "./AssignmentsSection";
import { type ClassRead, classesKey, classKey, useClass } from "./classQueries";
import { GrantsSection } from "./GrantsSection";
import { JoinCodePanel } from "./JoinCodePanel";
import { MembersSection } from "./MembersSection";
import "./classes.css";

export default function ClassPage({ classId }: { classId: string }) {
  const found = useClass(classId);
  const me = useSession().data;
  const title = found.data?.title ?? "Class";
  const owner = !!me && !!found.data && (me.role === "admin" || me.id === found.data.owner_id);
  return (
    <section className="studio classes">
      <PageHeading title={`Class: ${title}`}>
        Class: <span dir="auto">{title}</span>
      </PageHeading>
      <nav aria-label="Class" className="class-nav">
        <Link to="/studio/classes">All classes</Link>{" "}
        <Link to={`/studio/classes/${classId}/results`}>Results</Link>
      </nav>
      {found.isPending ? (
        <p role="status">Loading the class…</p>
      ) : found.error ? (
        <p role="alert" className="error">
          {problemText(found.error)}
        </p>
      ) : (
        <>
          <RenameForm found={found.data} />
          <JoinCodePanel found={found.data} />
          <MembersSection classId={classId} />
          <AssignmentsSection classId={classId} />
          <GrantsSection found={found.data} owner={owner} />
          {owner && <DeleteClass found={found.data} />}
        </>
      )}
    </section>
  );
}

function RenameForm({ found }: { found: ClassRead }) {
  const api = useApi();
  const queries = useQueryClient();
  const [title, setTitle] = useState(found.title);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const [busy, setBusy] = useState(false);
  async function rename(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaid("");
    const { data, error: problem } = await api.PATCH("/classes/{class_id}", {
      params: { path: { class_id: found.id } },
      body: { title },
    });
    setBusy(false);
    if (!data) return setError(problemText(problem));
    queries.setQueryData(classKey(found.id), data);
    await queries.invalidateQueries({ queryKey: classesKey, exact: true });
    setSaid("Renamed.");
  }
  return (
    <form className="rename-class" onSubmit={rename}>
      <label htmlFor="class-title">Class title</label>
      <div className="row">
        <input
          id="class-title"
          value={title}
          required
          maxLength={300}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "class-title-error" : undefined}
        />
        <button type="submit" className="button" disabled={busy || title === found.title}>
          Rename
        </button>
        <span role="status">{said}</span>
      </div>
      {error && (
        <p id="class-title-error" role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function DeleteClass({ found }: { found: ClassRead }) {
  const api = useApi();
  const queries = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setBusy(true);
    const { error: problem, response } = await api.DELETE("/classes/{class_id}", {
      params: { path: { class_id: found.id } },
    });
    setBusy(false);
    setConfirming(false);
    if (!response.ok) return setError(problemText(problem));
    queries.removeQueries({ queryKey: classKey(found.id) });
    await queries.invalidateQueries({ queryKey: classesKey, exact: true });
    navigate("/studio/classes");
  }
  return (
    <section aria-labelledby="delete-class" className="class-section">
      <h2 id="delete-class">Delete the class</h2>
      <p>Its members and assignments go; the attempts learners made stay in the results.</p>
      <button type="button" className="button danger" onClick={() => setConfirming(true)}>
        Delete class
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete “${found.title}”?`}
          confirmLabel="Delete class"
          busy={busy}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>Its members and assignments will be removed. Attempts stay.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
