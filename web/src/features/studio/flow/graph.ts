// The scenario as xyflow nodes and edges: one node per question, one End node for links to
// the end, one edge per link labelled with its condition; issues attached where they belong.
import { type Edge, MarkerType, type Node } from "@xyflow/react";
import type { IssueRead, QuestionRead, ScenarioDetail } from "./flowApi";
import type { Route } from "./layout";

export const END_ID = "end";
const PROMPT_LENGTH = 80;

export type QuestionNodeData = {
  number: number;
  prompt: string;
  isStart: boolean;
  /** "ends": a link leads to the end; "last": no links, so the scenario ends here (the
   * server finishes a run at a question with no way on; not a problem in itself). */
  ending: "ends" | "last" | null;
  issues: IssueRead[];
};
export type QuestionNodeType = Node<QuestionNodeData, "question">;
export type EndNodeType = Node<Record<string, never>, "end">;
export type FlowNode = QuestionNodeType | EndNodeType;
/** `route`: dagre's way round the nodes, set by the layout (see RoutedEdge). */
export type LinkEdgeData = { issues: IssueRead[]; route?: Route };
export type FlowEdge = Edge<LinkEdgeData>;

/** The questions in display order. */
export function orderedQuestions(scenario: ScenarioDetail): QuestionRead[] {
  return [...scenario.questions].sort((a, b) => a.position - b.position);
}

export function truncate(text: string, length = PROMPT_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

/** What a condition reads as on the graph: `default` is "otherwise". */
export function conditionLabel(condition: string): string {
  return condition.trim().toLowerCase() === "default" ? "otherwise" : condition;
}

export function buildGraph(
  scenario: ScenarioDetail,
  issues: IssueRead[],
): { nodes: Omit<FlowNode, "position">[]; edges: FlowEdge[] } {
  const questions = orderedQuestions(scenario);
  const number = new Map(questions.map((q, i) => [q.id, i + 1]));
  const nodeIssues = new Map<string, IssueRead[]>();
  const edgeIssues = new Map<string, IssueRead[]>();
  for (const issue of issues) {
    const [map, key] = issue.link_id
      ? [edgeIssues, issue.link_id]
      : [nodeIssues, issue.question_id];
    if (key) map.set(key, [...(map.get(key) ?? []), issue]);
  }
  const nodes: Omit<FlowNode, "position">[] = questions.map((question, index) => {
    const links = question.links;
    const ending =
      links.length === 0 ? "last" : links.some((l) => !l.to_question_id) ? "ends" : null;
    const data: QuestionNodeData = {
      number: index + 1,
      prompt: truncate(question.prompt_text),
      isStart: scenario.first_question_id === question.id,
      ending,
      issues: nodeIssues.get(question.id) ?? [],
    };
    return {
      id: question.id,
      type: "question" as const,
      data,
      ariaLabel: nodeLabel(data),
      className: data.issues.length ? "has-issue" : undefined,
    };
  });
  const edges: FlowEdge[] = [];
  for (const question of questions) {
    const links = [...question.links].sort((a, b) => a.priority - b.priority);
    for (const link of links) {
      const target = link.to_question_id ?? END_ID;
      const found = edgeIssues.get(link.id) ?? [];
      const label = conditionLabel(link.condition);
      const from = `Question ${number.get(question.id)}`;
      const to = link.to_question_id ? `Question ${number.get(target) ?? "?"}` : "the end";
      edges.push({
        id: link.id,
        type: "routed",
        source: question.id,
        target,
        label: found.length ? `⚠ ${label}` : label,
        ariaLabel: `Link from ${from} to ${to}, ${label}${found.length ? `. Problem: ${found.map((i) => i.message).join(" ")}` : ""}`,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        className: found.length ? "has-issue" : undefined,
        data: { issues: found },
      });
    }
  }
  // Always there, so a link to the end can be drawn like any other.
  nodes.push({ id: END_ID, type: "end" as const, data: {}, ariaLabel: "The end" });
  return { nodes, edges };
}

function nodeLabel(data: QuestionNodeData): string {
  const parts = [`Question ${data.number}: ${data.prompt}`];
  if (data.isStart) parts.push("start");
  if (data.ending === "ends") parts.push("may end the scenario");
  if (data.ending === "last") parts.push("ends here, no links");
  for (const issue of data.issues) parts.push(`${issue.severity}: ${issue.message}`);
  return parts.join(". ");
}
