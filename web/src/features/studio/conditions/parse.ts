// Text → tree: the server's parser is the judge (POST /conditions/parse, CONTRACT.md item 4),
// so the builder never disagrees with what a save would accept.
import type { Api } from "../../../api/client";
import { isBuildable, type Tree } from "./tree";

export type ParseResult =
  | { ok: true; condition: string; tree: Tree | null }
  | { ok: false; column: number | null; detail: string };

type ParseBody = { condition?: string; tree?: unknown };
type ParseProblem = { detail?: string; column?: number };

/** Parse `text` on the server; `tree` is null when the builder cannot show it. */
export async function parseCondition(api: Api, text: string): Promise<ParseResult> {
  const post = api.POST as unknown as (
    path: string,
    init: { body: { condition: string } },
  ) => Promise<{ data?: ParseBody; error?: ParseProblem; response: Response }>;
  const { data, error } = await post("/conditions/parse", { body: { condition: text } });
  if (data) {
    return {
      ok: true,
      condition: data.condition ?? text,
      tree: isBuildable(data.tree) ? data.tree : null,
    };
  }
  return {
    ok: false,
    column: typeof error?.column === "number" ? error.column : null,
    detail: error?.detail ?? "The condition could not be checked. Please try again.",
  };
}
