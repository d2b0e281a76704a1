// How learners join: the code and the invitation link, each copied with one button; a new code
// (the old one stops working) or joining turned off and on.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { CopyButton } from "./CopyButton";
import { type ClassRead, classKey } from "./classQueries";

export function JoinCodePanel({ found }: { found: ClassRead }) {
  const api = useApi();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  async function change(enabled: boolean, done: string) {
    setBusy(true);
    setError(null);
    setSaid("");
    const { data, error: problem } = await api.POST("/classes/{class_id}/join-code", {
      params: { path: { class_id: found.id } },
      body: { enabled },
    });
    setBusy(false);
    if (!data) return setError(problemText(problem));
    queries.setQueryData(classKey(found.id), data);
    setSaid(done);
  }
  const link = found.invitation_url
    ? new URL(found.invitation_url, window.location.origin).href
    : null;
  return (
    <section aria-labelledby="join-code" className="class-section">
      <h2 id="join-code">Joining</h2>
      {found.join_code && link ? (
        <dl className="facts join-facts">
          <dt>Join code</dt>
          <dd>
            <code className="join-code">{found.join_code}</code>{" "}
            <CopyButton text={found.join_code} label="Copy code" />
          </dd>
          <dt>Invitation link</dt>
          <dd>
            <code className="invitation-link">{link}</code>{" "}
            <CopyButton text={link} label="Copy link" />
          </dd>
        </dl>
      ) : (
        <p>Joining is off: nobody can join with a code.</p>
      )}
      <div className="actions">
        {found.join_code ? (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => change(true, "A new code is ready; the old one no longer works.")}
            >
              New code
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => change(false, "Joining is off.")}
            >
              Turn joining off
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => change(true, "Joining is on, with a new code.")}
          >
            Turn joining on
          </button>
        )}
      </div>
      <p role="status">{said}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
