// What the class is asked to play: one of the author's scenarios, with optional open and due
// dates typed in the browser's local time (sent with its offset, shown in the user's locale).
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { useScenarios } from "../list/useScenarios";
import { AssignmentDates } from "./AssignmentDates";
import { type AssignmentRead, classesKey, classKey, useAssignments } from "./classQueries";
import { localToIso } from "./dates";
import { ListSection, RemoveButton } from "./ListSection";

export function AssignmentsSection({ classId }: { classId: string }) {
  return (
    <ListSection
      id="assignments"
      title="Assignments"
      query={useAssignments(classId)}
      loading="Loading the assignments…"
      empty="Nothing assigned yet."
      listClass="assignment-list"
      item={(a) => <AssignmentItem key={a.scenario_id} classId={classId} assignment={a} />}
    >
      <AssignForm classId={classId} />
    </ListSection>
  );
}

function AssignmentItem({ classId, assignment }: { classId: string; assignment: AssignmentRead }) {
  const api = useApi();
  const queries = useQueryClient();
  async function remove() {
    const { error, response } = await api.DELETE("/classes/{class_id}/assignments/{scenario_id}", {
      params: { path: { class_id: classId, scenario_id: assignment.scenario_id } },
    });
    if (!response.ok) throw new ApiProblem(problemText(error));
    await queries.invalidateQueries({ queryKey: classKey(classId) });
    await queries.invalidateQueries({ queryKey: classesKey, exact: true });
  }
  return (
    <li>
      <span dir="auto" className="assignment-title">
        {assignment.scenario_title}
      </span>{" "}
      <AssignmentDates openAt={assignment.open_at} dueAt={assignment.due_at} />{" "}
      <RemoveButton name={assignment.scenario_title} remove={remove} />
    </li>
  );
}

function AssignForm({ classId }: { classId: string }) {
  const api = useApi();
  const queries = useQueryClient();
  const scenarios = useScenarios("");
  const [scenarioId, setScenarioId] = useState("");
  const [openAt, setOpenAt] = useState("");
  const [dueAt, setDueAt] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState("");

  async function assign(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaid("");
    const open = localToIso(openAt);
    const due = localToIso(dueAt);
    if (open === undefined || due === undefined) {
      setError("Type the dates as a day and a time.");
      return;
    }
    setBusy(true);
    const { data, error: problem } = await api.PUT("/classes/{class_id}/assignments", {
      params: { path: { class_id: classId } },
      body: { scenario_id: scenarioId, open_at: open, due_at: due },
    });
    setBusy(false);
    if (!data) return setError(problemText(problem));
    setSaid(`Assigned “${data.scenario_title}”.`);
    setScenarioId("");
    setOpenAt("");
    setDueAt("");
    await queries.invalidateQueries({ queryKey: classKey(classId) });
    await queries.invalidateQueries({ queryKey: classesKey, exact: true });
  }

  return (
    <form className="assign-form" onSubmit={assign} aria-labelledby="assign">
      <h3 id="assign">Assign a scenario</h3>
      <p className="hint">Assigning one already in the list changes its dates.</p>
      <div className="row">
        <div className="field">
          <label htmlFor="assign-scenario">Scenario</label>
          <select
            id="assign-scenario"
            required
            value={scenarioId}
            onChange={(e) => setScenarioId(e.target.value)}
          >
            <option value="">Choose…</option>
            {(scenarios.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <label>
          Opens (optional){" "}
          <input type="datetime-local" value={openAt} onChange={(e) => setOpenAt(e.target.value)} />
        </label>
        <label>
          Due (optional){" "}
          <input type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          Assign
        </button>
      </div>
      {scenarios.error && (
        <p role="alert" className="error">
          Your scenarios could not be loaded: {problemText(scenarios.error)}
        </p>
      )}
      <p role="status">{said}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
