// The studio's view of the authoring API (schema.d.ts), with what the studio relies on.
import type { components } from "../../../api/schema";

type Schemas = components["schemas"];
// TODO(studioapi): etag and learner_count are in ScenarioRead/QuestionRead once merged; the
// intersections keep this compiling before and after.
export type ScenarioSummary = Schemas["ScenarioRead"] & { etag: string; learner_count: number };
export type QuestionRead = Schemas["QuestionRead"] & { etag: string };
export type ScenarioDetail = Omit<Schemas["ScenarioDetail"], "questions"> & {
  learner_count: number;
  etag: string;
  questions: QuestionRead[];
};
export type QuestionWrite = Schemas["QuestionWrite"];
export type ChoiceWrite = Schemas["ChoiceWrite"];

/** A problem+json body as the studio reads it: validation errors list where they are. */
export type StudioProblem = {
  status?: number;
  detail?: string;
  errors?: { loc: string[]; msg: string }[];
  current?: unknown;
};

/** Messages by field path ("prompt_html", "choices.1.body"), from a 422's `errors`. */
export function fieldErrors(problem: StudioProblem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const path = error.loc.slice(error.loc[0] === "body" ? 1 : 0).join(".");
    out[path] ??= error.msg;
  }
  return out;
}
