// The class's server state: one query per resource, keyed under ["studio", "classes", id], so
// any change invalidates just the class it touched.
import { useQuery } from "@tanstack/react-query";
import { ApiProblem, problemText } from "../../../api/client";
import { useApi } from "../../../api/context";
import type { components } from "../../../api/schema";

export type ClassRead = components["schemas"]["ClassRead"];
export type MemberRead = components["schemas"]["MemberRead"];
export type AssignmentRead = components["schemas"]["AssignmentRead"];
export type InvitationRead = components["schemas"]["InvitationRead"];

export const classesKey = ["studio", "classes"] as const;
export const classKey = (id: string) => [...classesKey, id] as const;

export function useClasses() {
  const api = useApi();
  return useQuery({
    queryKey: classesKey,
    queryFn: async () => {
      const { data, error } = await api.GET("/classes");
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
}

export function useClass(classId: string) {
  const api = useApi();
  return useQuery({
    queryKey: classKey(classId),
    queryFn: async () => {
      const { data, error } = await api.GET("/classes/{class_id}", {
        params: { path: { class_id: classId } },
      });
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
}

export function useMembers(classId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...classKey(classId), "members"],
    queryFn: async () => {
      const { data, error } = await api.GET("/classes/{class_id}/members", {
        params: { path: { class_id: classId } },
      });
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
}

export function useAssignments(classId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...classKey(classId), "assignments"],
    queryFn: async () => {
      const { data, error } = await api.GET("/classes/{class_id}/assignments", {
        params: { path: { class_id: classId } },
      });
      if (!data) throw new ApiProblem(problemText(error));
      return data;
    },
  });
}
