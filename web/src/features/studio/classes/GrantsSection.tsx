// Other authors' rights on the class: edit (manage it and read results) or results (read
// only). Only the owner (or an admin) gives or takes them; others see the list.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import type { components } from "../../../api/schema";
import { type ClassRead, classKey } from "./classQueries";

type Right = components["schemas"]["GrantCreate"]["right"];
const RIGHT_TEXT: Record<Right, string> = {
  edit: "Edit (manage the class, read results)",
  results: "Results only",
};

export function GrantsSection({ found, owner }: { found: ClassRead; owner: boolean }) {
  const api = useApi();
  const queries = useQueryClient();
  const [email, setEmail] = useState("");
  const [right, setRight] = useState<Right>("results");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: classKey(found.id), exact: true });

  async function grant(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { data, error: problem } = await api.PUT("/classes/{class_id}/grants", {
      params: { path: { class_id: found.id } },
      body: { email: email.trim(), right },
    });
    setBusy(false);
    if (!data) return setError(problemText(problem));
    setEmail("");
    await refresh();
  }

  async function revoke(userId: string) {
    setBusy(true);
    setError(null);
    const { error: problem, response } = await api.DELETE("/classes/{class_id}/grants/{user_id}", {
      params: { path: { class_id: found.id, user_id: userId } },
    });
    setBusy(false);
    if (!response.ok) return setError(problemText(problem));
    await refresh();
  }

  return (
    <section aria-labelledby="grants" className="class-section">
      <h2 id="grants">Co-authors</h2>
      {found.grants.length === 0 ? (
        <p>No other author has rights on this class.</p>
      ) : (
        <ul className="grant-list" aria-label="Co-authors">
          {found.grants.map((g) => (
            <li key={g.user_id}>
              {g.email}: {RIGHT_TEXT[g.right]}{" "}
              {owner && (
                <button
                  type="button"
                  className="link"
                  disabled={busy}
                  onClick={() => revoke(g.user_id)}
                  aria-label={`Take back ${g.email}'s rights`}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {owner && (
        <form className="grant-form" onSubmit={grant} aria-labelledby="grant">
          <h3 id="grant">Give an author rights</h3>
          <div className="row">
            <label>
              Author's email{" "}
              <input
                type="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="off"
              />
            </label>
            <div className="field">
              <label htmlFor="grant-right">Right</label>
              <select
                id="grant-right"
                value={right}
                onChange={(e) => setRight(e.target.value as Right)}
              >
                <option value="results">{RIGHT_TEXT.results}</option>
                <option value="edit">{RIGHT_TEXT.edit}</option>
              </select>
            </div>
            <button type="submit" className="button" disabled={busy}>
              Give rights
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
