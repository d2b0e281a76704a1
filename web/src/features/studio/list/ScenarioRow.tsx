// One scenario in the author's list: what it is, and what can be done with it.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Api } from "../../../api/client";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { Link, navigate } from "../../../router";
import type { ScenarioSummary } from "../editor/types";
import { ConfirmDialog } from "./ConfirmDialog";

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ScenarioRow({ scenario }: { scenario: ScenarioSummary }) {
  const api = useApi();
  const queries = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status =
    scenario.status === "published"
      ? `Published, version ${scenario.latest_version ?? 1}`
      : scenario.latest_version
        ? `Draft (version ${scenario.latest_version} published before)`
        : "Draft";

  async function duplicate() {
    setBusy(true);
    const { data, error } = await duplicateScenario(api, scenario.id);
    setBusy(false);
    if (!data) return setMessage(problemText(error));
    await queries.invalidateQueries({ queryKey: ["studio", "scenarios"] });
    navigate(`/studio/scenarios/${data.id}`);
  }

  async function remove() {
    setBusy(true);
    const { error, response } = await api.DELETE("/scenarios/{scenario_id}", {
      params: { path: { scenario_id: scenario.id } },
    });
    setBusy(false);
    setConfirming(false);
    if (response.status === 409)
      return setMessage(
        "This scenario cannot be deleted: learners have played it. Unpublish it instead.",
      );
    if (error) return setMessage(problemText(error));
    await queries.invalidateQueries({ queryKey: ["studio", "scenarios"] });
  }

  return (
    <li className="card scenario-row">
      <h2 dir="auto">
        <Link to={`/studio/scenarios/${scenario.id}`}>{scenario.title}</Link>
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{status}</dd>
        <dt>Last edit</dt>
        <dd>
          <time dateTime={scenario.updated_at}>{WHEN.format(new Date(scenario.updated_at))}</time>
        </dd>
        <dt>Questions</dt>
        <dd>{scenario.question_count}</dd>
        <dt>Learners so far</dt>
        <dd>{scenario.learner_count ?? 0}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="button" onClick={duplicate} disabled={busy}>
          Duplicate<span className="visually-hidden"> {scenario.title}</span>
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => setConfirming(true)}
          disabled={busy}
        >
          Delete<span className="visually-hidden"> {scenario.title}</span>
        </button>
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete “${scenario.title}”?`}
          confirmLabel="Delete"
          busy={busy}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>Its questions and links are deleted too. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

function duplicateScenario(api: Api, id: string) {
  return api.POST("/scenarios/{scenario_id}/duplicate", {
    params: { path: { scenario_id: id } },
  });
}
