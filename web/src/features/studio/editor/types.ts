// The studio's view of the authoring API (schema.d.ts), with what the studio relies on.
import type { components } from "../../../api/schema";

type Schemas = components["schemas"];
export type ScenarioSummary = Schemas["ScenarioRead"];
export type QuestionRead = Schemas["QuestionRead"];
export type ScenarioDetail = Schemas["ScenarioDetail"];
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
