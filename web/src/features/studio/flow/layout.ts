// Top-to-bottom automatic layout (dagre): where each node goes when the page opens or the
// author asks to tidy up.
import dagre from "@dagrejs/dagre";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

export type Point = { x: number; y: number };

/** Positions (top-left corners) for the nodes, edges given as [source, target] ids. */
export function layoutGraph(nodeIds: string[], edges: [string, string][]): Map<string, Point> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  // network-simplex ranks more evenly; longest-path is much faster on large flows.
  const ranker = nodeIds.length > 100 ? "longest-path" : "network-simplex";
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70, edgesep: 20, ranker });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  edges.forEach(([source, target], index) => {
    graph.setEdge(source, target, {}, `e${index}`);
  });
  dagre.layout(graph);
  const positions = new Map<string, Point>();
  for (const id of nodeIds) {
    const node = graph.node(id);
    positions.set(id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return positions;
}
