// A new scenario needs a title only; the editor opens on it.
import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { navigate } from "../../../router";

export function CreateScenarioForm() {
  const api = useApi();
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { data, error: problem } = await api.POST("/scenarios", { body: { title } });
    setBusy(false);
    if (!data) return setError(problemText(problem));
    navigate(`/studio/scenarios/${data.id}`);
  }
  return (
    <form className="create-scenario" onSubmit={create}>
      <label htmlFor="new-scenario-title">New scenario title</label>
      <div className="row">
        <input
          id="new-scenario-title"
          value={title}
          required
          maxLength={300}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-scenario-error" : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          Create
        </button>
      </div>
      {error && (
        <p id="new-scenario-error" role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
