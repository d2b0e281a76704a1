// Text → tree: the server's parser is the judge (POST /conditions/parse, CONTRACT.md item 4),
// so the builder never disagrees with what a save would accept.
import type { Api } from "../../../api/client";
import { isBuildable, type Tree } from "./tree";

export type ParseResult =
  | { ok: true; condition: string; tree: Tree | null }
  | { ok: false; column: number | null; detail: string };

/** Parse `text` on the server; `tree` is null when the builder cannot show it. */
export async function parseCondition(api: Api, text: string): Promise<ParseResult> {
  const { data, error } = await api.POST("/conditions/parse", { body: { condition: text } });
  if (data) {
    // The builder's Tree is the contract's; checked rather than cast, so a node kind the
    // builder does not know leaves the text in charge instead of breaking the builder.
    const tree: unknown = data.tree;
    return { ok: true, condition: data.condition, tree: isBuildable(tree) ? tree : null };
  }
  const problem = (error ?? {}) as { detail?: unknown; column?: unknown };
  return {
    ok: false,
    column: typeof problem.column === "number" ? problem.column : null,
    detail:
      typeof problem.detail === "string"
        ? problem.detail
        : "The condition could not be checked. Please try again.",
  };
}
