import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { Right, useGrants } from "./grants";
import "./sharing.css";

type Grant = components["schemas"]["GrantRead"];

const RIGHTS: Record<"scenario" | "class", Record<Right, string>> = {
  scenario: { edit: "May edit and see results", results: "May see results" },
  class: { edit: "May manage the class and see results", results: "May see results" },
};

/** Other authors' rights on a scenario or a class: the owner (or an admin) adds and removes
 * them, everyone else reads the list. */
export function GrantList({
  state,
  grants,
  isOwner,
  subject = "scenario",
}: {
  state: Pick<ReturnType<typeof useGrants>, "grant" | "revoke">;
  grants: Grant[];
  isOwner: boolean;
  subject?: "scenario" | "class";
}) {
  const { grant, revoke } = state;
  const labels = RIGHTS[subject];
  const [email, setEmail] = useState("");
  const [right, setRight] = useState<Right>("edit");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    revoke.reset();
    // The address stays in the field until the server has taken it.
    grant.mutate({ email: email.trim(), right }, { onSuccess: () => setEmail("") });
  }

  return (
    <section
      aria-labelledby="grants-heading"
      className={subject === "class" ? "class-section" : undefined}
    >
      <h2 id="grants-heading">Other authors</h2>
      {grants.length === 0 ? (
        <p>Nobody else may {subject === "class" ? "manage it" : "edit it"} or see its results.</p>
      ) : (
        <ul className="grants" aria-labelledby="grants-heading">
          {grants.map((g) => (
            <li key={g.user_id}>
              <span dir="auto">{g.email}</span>: {labels[g.right]}{" "}
              {isOwner && (
                <button
                  type="button"
                  className="link"
                  disabled={revoke.isPending}
                  onClick={() => {
                    grant.reset();
                    revoke.mutate(g.user_id);
                  }}
                >
                  Remove <span className="visually-hidden">{g.email}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {isOwner ? (
        <form onSubmit={submit} className="grant-form">
          <label htmlFor="grant-email">Author's email</label>
          <input
            id="grant-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="off"
            required
            dir="auto"
          />
          <label htmlFor="grant-right">Right</label>
          <select
            id="grant-right"
            value={right}
            onChange={(e) => setRight(e.target.value as Right)}
          >
            <option value="edit">{labels.edit}</option>
            <option value="results">{labels.results}</option>
          </select>
          <button type="submit" disabled={grant.isPending}>
            Add
          </button>
        </form>
      ) : (
        <p>Only the {subject}'s owner can change who else has rights on it.</p>
      )}
      <p role="status">
        {grant.isPending
          ? "Adding…"
          : grant.isSuccess
            ? "Added."
            : revoke.isPending
              ? "Removing…"
              : revoke.isSuccess
                ? "Removed."
                : ""}
      </p>
      <div role="alert" className="error">
        {grant.error ? problemText(grant.error) : revoke.error ? problemText(revoke.error) : null}
      </div>
    </section>
  );
}
