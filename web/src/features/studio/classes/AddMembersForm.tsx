// Adding learners by pasting addresses or choosing a CSV file (email in the first column).
// All or none: a refusal lists each bad row next to the text, which stays as typed.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { CopyButton } from "./CopyButton";
import { classesKey, classKey, type InvitationRead } from "./classQueries";
import { parseCsv, parsePasted, type RowError, rowErrors } from "./roster";

export function AddMembersForm({ classId }: { classId: string }) {
  const api = useApi();
  const queries = useQueryClient();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const [said, setSaid] = useState("");
  const [invitations, setInvitations] = useState<InvitationRead[]>([]);

  async function send(emails: string[], fromFile: string | null) {
    setBusy(true);
    setError(null);
    setRows([]);
    setSaid("");
    setInvitations([]);
    const { data, error: problem } = await api.POST("/classes/{class_id}/members", {
      params: { path: { class_id: classId } },
      body: { emails },
    });
    setBusy(false);
    if (!data) {
      const detail = problemText(problem);
      setRows(rowErrors(problem, emails));
      setError(fromFile ? `${fromFile}: ${detail}` : detail);
      return;
    }
    if (!fromFile) setText("");
    const parts = [`${data.added.length} added`];
    if (data.already_members.length) parts.push(`${data.already_members.length} already members`);
    setSaid(`${parts.join(", ")}.`);
    setInvitations(data.invitations);
    await queries.invalidateQueries({ queryKey: classKey(classId) });
    await queries.invalidateQueries({ queryKey: classesKey, exact: true });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const emails = parsePasted(text);
    if (emails.length === 0) {
      setError("Paste at least one email address.");
      return;
    }
    void send(emails, null);
  }

  async function pick(file: File | undefined) {
    if (!file) return;
    const emails = parseCsv(await file.text());
    if (emails.length === 0) {
      setError(`${file.name}: no email address in its first column.`);
      return;
    }
    await send(emails, file.name);
  }

  return (
    <form className="add-members" onSubmit={submit} aria-labelledby="add-members">
      <h3 id="add-members">Add members</h3>
      <label htmlFor="member-emails">Email addresses (one per line, or separated by commas)</label>
      <textarea
        id="member-emails"
        rows={4}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "member-errors" : undefined}
      />
      <div className="row">
        <button type="submit" className="button" disabled={busy}>
          Add members
        </button>
        <label className="file-pick">
          Or choose a CSV file{" "}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={busy}
            onChange={(event) => {
              void pick(event.target.files?.[0]);
              event.target.value = "";
            }}
          />
        </label>
      </div>
      <div id="member-errors">
        {error && (
          <div role="alert" className="error">
            {rows.length > 0 ? (
              <>
                <p>Nobody was added. Fix these rows and try again:</p>
                <ul>
                  {rows.map((r) => (
                    <li key={r.row}>
                      Row {r.row} (<span dir="auto">{r.entry}</span>): {r.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{error}</p>
            )}
          </div>
        )}
      </div>
      <p role="status">{said}</p>
      {invitations.length > 0 && (
        <div className="invitations">
          <h4>Welcome links for the new accounts</h4>
          <p className="hint">Each link opens once. Send it to its learner.</p>
          <ul>
            {invitations.map((i) => (
              <li key={i.email}>
                {i.email}: <code>{i.url}</code>{" "}
                <CopyButton text={i.url} label={`Copy link for ${i.email}`} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
