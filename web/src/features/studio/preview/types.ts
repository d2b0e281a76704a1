// Names for the generated API types the draft preview uses (aliases, not copies).
import type { components } from "../../../api/schema";

type Schemas = components["schemas"];
export type ScenarioDetail = Schemas["ScenarioDetail"];
export type PreviewRead = Schemas["PreviewRead"];
export type PreviewStep = Schemas["PreviewStepRead"];
export type PreviewAnswer = Schemas["PreviewAnswerWrite"];
