// The class's learners: who is in it, removing one, and adding many at once.
import { useQueryClient } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import { AddMembersForm } from "./AddMembersForm";
import { classKey, type MemberRead, useMembers } from "./classQueries";
import { ListSection, RemoveButton } from "./ListSection";

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
  async function remove() {
    const { error, response } = await api.DELETE("/classes/{class_id}/members/{user_id}", {
      params: { path: { class_id: classId, user_id: member.user_id } },
    });
    if (!response.ok) throw new ApiProblem(problemText(error));
    await queries.invalidateQueries({ queryKey: classKey(classId) });
  }
  return (
    <li>
      <span dir="auto">{member.display_name || member.email}</span>{" "}
      {member.display_name && <span className="hint">{member.email}</span>}{" "}
      <span className="hint">
        joined <time dateTime={member.joined_at}>{WHEN.format(new Date(member.joined_at))}</time>
      </span>{" "}
      <RemoveButton name={member.email} remove={remove} />
    </li>
  );
}
