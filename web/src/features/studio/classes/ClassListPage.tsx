// The author's classes: each with its members and assignments, and a form to start one.
import { useQueryClient } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { PageHeading } from "../../../components/PageHeading";
import { Link } from "../../../router";
import { CreateByTitleForm } from "../list/CreateScenarioForm";
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
  return (
    <CreateByTitleForm
      what="class"
      button="Create class"
      create={async (title) => {
        const { data, error } = await api.POST("/classes", { body: { title } });
        if (!data) throw new ApiProblem(problemText(error));
        await queries.invalidateQueries({ queryKey: classesKey });
        return `/studio/classes/${data.id}`;
      }}
    />
  );
}
