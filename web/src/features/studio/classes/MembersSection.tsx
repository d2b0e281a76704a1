// The class's learners: who is in it, removing one, and adding many at once.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { AddMembersForm } from "./AddMembersForm";
import { classKey, type MemberRead, useMembers } from "./classQueries";
import { ListSection } from "./ListSection";

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function MembersSection({ classId }: { classId: string }) {
  return (
    <ListSection
      id="members"
      title="Members"
      query={useMembers(classId)}
      loading="Loading the members…"
      empty="No member yet."
      listClass="member-list"
      item={(m) => <MemberItem key={m.user_id} classId={classId} member={m} />}
    >
      <AddMembersForm classId={classId} />
    </ListSection>
  );
}

function MemberItem({ classId, member }: { classId: string; member: MemberRead }) {
  const api = useApi();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    const { error: problem, response } = await api.DELETE("/classes/{class_id}/members/{user_id}", {
      params: { path: { class_id: classId, user_id: member.user_id } },
    });
    setBusy(false);
    if (!response.ok) return setError(problemText(problem));
    await queries.invalidateQueries({ queryKey: classKey(classId) });
  }
  return (
    <li>
      <span dir="auto">{member.display_name || member.email}</span>{" "}
      {member.display_name && <span className="hint">{member.email}</span>}{" "}
      <span className="hint">
        joined <time dateTime={member.joined_at}>{WHEN.format(new Date(member.joined_at))}</time>
      </span>{" "}
      <button
        type="button"
        className="link"
        disabled={busy}
        onClick={remove}
        aria-label={`Remove ${member.email}`}
      >
        Remove
      </button>
      {error && (
        <span role="alert" className="error">
          {" "}
          {error}
        </span>
      )}
    </li>
  );
}
