// Top-to-bottom automatic layout (dagre): where each node goes when the page opens or the
// author asks to tidy up, and the way each link is drawn around the nodes in between.
import dagre from "@dagrejs/dagre";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;
// The edge label's box as dagre reserves it: 11 px text (flow.css) plus its background.
const LABEL_CHAR_WIDTH = 6.5;
const LABEL_PADDING = 12;
const LABEL_HEIGHT = 20;
const CORNER_RADIUS = 14;

export type Point = { x: number; y: number };
export type LayoutEdge = { id: string; source: string; target: string; label: string };
/** A link's way around the nodes: the bends between its two handles, and where its label
 * sits; valid only while both ends stand where the layout put them. */
export type Route = {
  source: string;
  target: string;
  bends: Point[];
  label: Point;
  sourceAt: Point;
  targetAt: Point;
};
export type Layout = { positions: Map<string, Point>; routes: Map<string, Route> };

export function labelWidth(label: string): number {
  return Math.ceil(label.length * LABEL_CHAR_WIDTH + LABEL_PADDING);
}

/** Positions (top-left corners) for the nodes and routes for the edges. */
export function layoutGraph(nodeIds: string[], edges: LayoutEdge[]): Layout {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  // network-simplex ranks more evenly; longest-path is much faster on large flows.
  const ranker = nodeIds.length > 100 ? "longest-path" : "network-simplex";
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70, edgesep: 20, ranker });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const known = new Set(nodeIds);
  const laid = edges.filter((e) => known.has(e.source) && known.has(e.target));
  for (const edge of laid) {
    // A label with a size gets its own place on the edge's way, clear of the nodes.
    const size = { width: labelWidth(edge.label), height: LABEL_HEIGHT, labelpos: "c" as const };
    graph.setEdge(edge.source, edge.target, size, edge.id);
  }
  dagre.layout(graph);
  const positions = new Map<string, Point>();
  for (const id of nodeIds) {
    const node = graph.node(id);
    positions.set(id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  const routes = new Map<string, Route>();
  for (const edge of laid) {
    const drawn = graph.edge(edge.source, edge.target, edge.id);
    const points = drawn?.points ?? [];
    const from = graph.node(edge.source);
    const to = graph.node(edge.target);
    // dagre's first and last points are where the line meets the nodes' borders; the drawn
    // edge starts and ends at the handles instead, so only the bends in between are kept.
    let bends = points.slice(1, -1);
    if (edge.source === edge.target) {
      // A loop: dagre draws it from the top right round to the bottom right; the edge leaves
      // from the bottom handle and comes back into the top one.
      bends = [...bends].reverse();
    } else if (to.y <= from.y) {
      // A link back up the page: its bends run between the ranks from below the source to
      // above the target, which the handles (bottom out, top in) cannot join without crossing
      // both nodes; the default curve draws it.
      continue;
    }
    const label =
      drawn?.x !== undefined && drawn.y !== undefined ? { x: drawn.x, y: drawn.y } : null;
    const sourceAt = positions.get(edge.source);
    const targetAt = positions.get(edge.target);
    if (!sourceAt || !targetAt || bends.length === 0) continue;
    const { source, target } = edge;
    routes.set(edge.id, {
      source,
      target,
      bends,
      label: label ?? middle(bends),
      sourceAt,
      targetAt,
    });
  }
  return { positions, routes };
}

function middle(points: Point[]): Point {
  return points[Math.floor((points.length - 1) / 2)] ?? { x: 0, y: 0 };
}

/** An SVG path from `start` through `bends` to `end`, its corners rounded. */
export function routePath(start: Point, bends: Point[], end: Point): string {
  const all = [start, ...bends, end];
  let path = `M ${start.x},${start.y}`;
  for (let i = 1; i < all.length - 1; i++) {
    const [before, at, after] = [all[i - 1], all[i], all[i + 1]] as [Point, Point, Point];
    const inLength = Math.hypot(at.x - before.x, at.y - before.y);
    const outLength = Math.hypot(after.x - at.x, after.y - at.y);
    const radius = Math.min(CORNER_RADIUS, inLength / 2, outLength / 2);
    if (radius < 0.5) {
      path += ` L ${at.x},${at.y}`;
      continue;
    }
    const enter = toward(at, before, radius / inLength);
    const leave = toward(at, after, radius / outLength);
    path += ` L ${enter.x},${enter.y} Q ${at.x},${at.y} ${leave.x},${leave.y}`;
  }
  return `${path} L ${end.x},${end.y}`;
}

function toward(from: Point, to: Point, fraction: number): Point {
  return { x: from.x + (to.x - from.x) * fraction, y: from.y + (to.y - from.y) * fraction };
}
