// A new scenario or class needs a title only; its page opens on it. A refused title stays in
// the field with the server's reason.
import { type FormEvent, useState } from "react";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { navigate } from "../../../router";

export function CreateScenarioForm() {
  const api = useApi();
  return (
    <CreateByTitleForm
      what="scenario"
      button="Create"
      create={async (title) => {
        const { data, error } = await api.POST("/scenarios", { body: { title } });
        if (!data) throw new ApiProblem(problemText(error));
        return `/studio/scenarios/${data.id}`;
      }}
    />
  );
}

/** `create` makes it and returns the page to open, or throws the problem to show. */
export function CreateByTitleForm({
  what,
  button,
  create,
}: {
  what: string;
  button: string;
  create: (title: string) => Promise<string>;
}) {
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      navigate(await create(title));
    } catch (problem) {
      setError(problemText(problem));
    } finally {
      setBusy(false);
    }
  }
  const id = `new-${what}`;
  return (
    <form className="create-scenario" onSubmit={submit}>
      <label htmlFor={`${id}-title`}>New {what} title</label>
      <div className="row">
        <input
          id={`${id}-title`}
          value={title}
          required
          maxLength={300}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {button}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
