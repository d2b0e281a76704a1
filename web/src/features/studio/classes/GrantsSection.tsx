// Other authors' rights on the class: edit (manage it and read results) or results (read
// only). Only the owner (or an admin) gives or takes them; others see the list.
import { useQueryClient } from "@tanstack/react-query";
import { GrantList } from "../sharing/GrantList";
import { useGrants } from "../sharing/grants";
import { type ClassRead, classKey } from "./classQueries";

export function GrantsSection({ found, owner }: { found: ClassRead; owner: boolean }) {
  const queries = useQueryClient();
  const state = useGrants({ classId: found.id }, () =>
    queries.invalidateQueries({ queryKey: classKey(found.id), exact: true }),
  );
  return <GrantList state={state} grants={found.grants} isOwner={owner} subject="class" />;
}
