// Pure helpers of the results pages: numbers in words, the series the charts draw, and the
// version's graph (from the paths analytics) with its traffic, laid out like the flow tab's.
import { MarkerType } from "@xyflow/react";
import type { components } from "../../../api/schema";
import { conditionLabel, END_ID, truncate } from "../flow/graph";
import type { Route } from "../flow/layout";
import { layoutGraph } from "../flow/layout";
import { formatSeconds } from "./format";

export type ItemAnalysis = components["schemas"]["ItemAnalysisRead"];
export type PathAnalysis = components["schemas"]["PathAnalysisRead"];
export type ScoreDistribution = components["schemas"]["ScoreDistributionRead"];
export type ChoiceStats = components["schemas"]["ChoiceStatsRead"];

/** One bar of a chart: what it is called and its value. */
export type Bar = { key: string; label: string; value: number };

/** Facility per question, in question order; a question with no facility draws nothing. */
export function facilityBars(items: ItemAnalysis): Bar[] {
  return [...items.questions]
    .sort((a, b) => a.position - b.position)
    .map((q) => ({ key: q.question_id, label: `Q${q.position}`, value: q.facility ?? 0 }));
}

/** The score distribution's buckets as bars labelled "from–to". */
export function scoreBars(scores: ScoreDistribution): Bar[] {
  return scores.buckets.map((b, i) => {
    const last = i === scores.buckets.length - 1;
    const label = b.to - b.from <= 1 && !last ? `${b.from}` : `${b.from}–${last ? b.to : b.to - 1}`;
    return { key: `${b.from}`, label, value: b.count };
  });
}

/** Drop-off along the path: how many attempts reached each question, in question order. */
export function reachedBars(paths: PathAnalysis): Bar[] {
  return [...paths.questions]
    .sort((a, b) => a.position - b.position)
    .map((q) => ({ key: q.question_id, label: `Q${q.position}`, value: q.reached }));
}

/** A link's stroke width from its traffic: 1.5 px untaken, up to 10 px for the busiest. */
export function edgeWidth(taken: number, busiest: number): number {
  if (taken <= 0 || busiest <= 0) return 1.5;
  return 2 + 8 * (taken / busiest);
}

/** The arrowhead's box, in page units, for a link `width` wide. xyflow draws the closed arrow
 * in 40 % of the box's height: it must stand out from the widest line, or the line hides it. */
export function arrowSize(width: number): number {
  return Math.round(Math.max(32, (width + 8) * 2.5));
}

export type TrafficNodeData = {
  number: number;
  prompt: string;
  isStart: boolean;
  reached: number;
  stopped: number;
  medianSeconds: number | null;
  /** Highlighted: on the attempt's path (the attempt page). */
  onPath?: boolean;
};

export type TrafficNode = {
  id: string;
  type: "traffic" | "end";
  position: { x: number; y: number };
  data: TrafficNodeData | Record<string, never>;
  ariaLabel: string;
};

export type TrafficEdge = {
  id: string;
  type: "routed";
  source: string;
  target: string;
  label: string;
  ariaLabel: string;
  markerEnd: { type: MarkerType; width: number; height: number; markerUnits: string };
  style: { strokeWidth: number };
  className?: string;
  data: { issues: never[]; route?: Route; taken: number };
};

/** The version's graph with its traffic: nodes with reached / stopped / median time, edges
 * as wide as their share of the busiest link; laid out by the flow tab's dagre layout. */
export function trafficGraph(
  paths: PathAnalysis,
  /** One attempt's path: its questions and the links it took are highlighted. */
  path?: { questionIds: Set<string>; linkIds: Set<string> },
): { nodes: TrafficNode[]; edges: TrafficEdge[] } {
  const questions = [...paths.questions].sort((a, b) => a.position - b.position);
  const number = new Map(questions.map((q) => [q.question_id, q.position]));
  const busiest = Math.max(0, ...paths.links.map((l) => l.taken));
  const edges: TrafficEdge[] = paths.links.map((link) => {
    const target = link.to_question_id ?? END_ID;
    const from = `Question ${number.get(link.from_question_id) ?? "?"}`;
    const to = link.to_question_id ? `Question ${number.get(target) ?? "?"}` : "the end";
    const condition = conditionLabel(link.condition);
    const width = edgeWidth(link.taken, busiest);
    return {
      id: link.link_id,
      type: "routed",
      source: link.from_question_id,
      target,
      label: `${condition} · ${link.taken}×`,
      ariaLabel: `${path?.linkIds.has(link.link_id) ? "Taken by this attempt: l" : "L"}ink from ${from} to ${to}, ${condition}: taken ${link.taken} ${link.taken === 1 ? "time" : "times"}`,
      // In the page's units, not stroke widths (which would make a wide link's arrow huge),
      // and wider than the link itself.
      markerEnd: {
        type: MarkerType.ArrowClosed,
        width: arrowSize(width),
        height: arrowSize(width),
        markerUnits: "userSpaceOnUse",
      },
      style: { strokeWidth: width },
      className: path?.linkIds.has(link.link_id)
        ? "on-path"
        : link.taken === 0
          ? "untaken"
          : undefined,
      data: { issues: [], taken: link.taken },
    };
  });
  // The End node only when a link leads there (a question with no links ends by itself).
  const endsByLink = edges.some((e) => e.target === END_ID);
  const ids = [...questions.map((q) => q.question_id), ...(endsByLink ? [END_ID] : [])];
  const layout = layoutGraph(
    ids,
    edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label })),
  );
  for (const edge of edges) {
    const route = layout.routes.get(edge.id);
    if (route) edge.data.route = route;
  }
  const nodes: TrafficNode[] = questions.map((q) => {
    const data: TrafficNodeData = {
      number: q.position,
      prompt: truncate(q.prompt_text),
      isStart: q.question_id === paths.first_question_id,
      reached: q.reached,
      stopped: q.stopped,
      medianSeconds: q.median_seconds,
      onPath: path?.questionIds.has(q.question_id) ?? false,
    };
    return {
      id: q.question_id,
      type: "traffic",
      position: layout.positions.get(q.question_id) ?? { x: 0, y: 0 },
      data,
      ariaLabel: `Question ${q.position}: ${data.prompt}.${data.onPath ? " On this attempt's path." : ""} Reached by ${q.reached}, stopped here ${q.stopped}, median time ${formatSeconds(q.median_seconds)}`,
    };
  });
  if (!endsByLink) return { nodes, edges };
  nodes.push({
    id: END_ID,
    type: "end",
    position: layout.positions.get(END_ID) ?? { x: 0, y: 0 },
    data: {},
    ariaLabel: `The end: ${paths.completed} completed`,
  });
  return { nodes, edges };
}
