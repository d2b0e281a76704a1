// The graph's nodes and edges as local state: built from the server's scenario and issues,
// positioned by dagre the first time (and on "Tidy layout"), moved by the author in between.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type OnEdgesChange,
  type OnNodesChange,
} from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import type { IssueRead, ScenarioDetail } from "./flowApi";
import { buildGraph, type FlowEdge, type FlowNode } from "./graph";
import { type Layout, layoutGraph, type Route } from "./layout";

type Built = ReturnType<typeof buildGraph>;
export type Selection = { kind: "node" | "edge"; id: string } | null;

export function useFlowElements(scenario: ScenarioDetail | undefined, issues: IssueRead[]) {
  const built = useMemo(
    () => (scenario ? buildGraph(scenario, issues) : { nodes: [], edges: [] }),
    [scenario, issues],
  );
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [edges, setEdges] = useState<FlowEdge[]>([]);
  const [synced, setSynced] = useState<Built | null>(null);
  const [laidOut, setLaidOut] = useState<Layout | null>(null);

  const layout = useCallback((): Layout => {
    return layoutGraph(
      built.nodes.map((n) => n.id),
      built.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: String(e.label ?? ""),
      })),
    );
  }, [built]);

  // Merge the server's view into what is on screen (keeping positions, sizes and selection),
  // while rendering rather than in an effect: the first paint already shows the graph.
  if (synced !== built) {
    setSynced(built);
    const ids = (graph: Built | null) => graph?.nodes.map((n) => n.id).join(",") ?? "";
    // Which links go where, and their conditions; not their issues (the validation answers
    // after the scenario: its marks must not move anything).
    const links = (graph: Built | null) =>
      graph?.edges
        .map((e) => `${e.id}:${e.source}>${e.target}:${String(e.label).replace(/^⚠ /, "")}`)
        .join(",") ?? "";
    // Laid out afresh when questions come or go, and when links change while every node still
    // stands where the layout put it (the author has arranged nothing by hand, so a new link
    // gets its own way round the nodes rather than a line through them).
    const untouched =
      laidOut !== null &&
      nodes.every((n) => {
        const at = laidOut.positions.get(n.id);
        return at && at.x === n.position.x && at.y === n.position.y;
      });
    const fresh =
      ids(synced) !== ids(built) || (untouched && links(synced) !== links(built)) ? layout() : null;
    if (fresh) setLaidOut(fresh);
    const routes = (fresh ?? laidOut)?.routes;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    setNodes(
      built.nodes.map((node) => {
        const old = byId.get(node.id);
        const position = (fresh ? undefined : old?.position) ??
          fresh?.positions.get(node.id) ?? { x: 0, y: 0 };
        return {
          ...node,
          position,
          selected: old?.selected ?? false,
          ...(old?.measured ? { measured: old.measured } : {}),
        } as FlowNode;
      }),
    );
    const selected = new Set(edges.filter((e) => e.selected).map((e) => e.id));
    setEdges(built.edges.map((edge) => withRoute(edge, routes, selected.has(edge.id))));
  }

  const onNodesChange: OnNodesChange<FlowNode> = useCallback(
    (changes) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );
  const onEdgesChange: OnEdgesChange<FlowEdge> = useCallback(
    (changes) => setEdges((current) => applyEdgeChanges(changes, current)),
    [],
  );

  const tidy = useCallback(() => {
    const fresh = layout();
    setLaidOut(fresh);
    setNodes((current) =>
      current.map((n) => ({ ...n, position: fresh.positions.get(n.id) ?? n.position })),
    );
    setEdges((current) => current.map((e) => withRoute(e, fresh.routes, e.selected ?? false)));
  }, [layout]);

  /** Select one node or edge (or nothing), as a click would. */
  const select = useCallback((selection: Selection) => {
    setNodes((current) =>
      current.map((n) => {
        const selected = selection?.kind === "node" && selection.id === n.id;
        return n.selected === selected ? n : { ...n, selected };
      }),
    );
    setEdges((current) =>
      current.map((e) => {
        const selected = selection?.kind === "edge" && selection.id === e.id;
        return e.selected === selected ? e : { ...e, selected };
      }),
    );
  }, []);

  return { nodes, edges, onNodesChange, onEdgesChange, tidy, select };
}

function withRoute(
  edge: FlowEdge,
  routes: Map<string, Route> | undefined,
  selected: boolean,
): FlowEdge {
  const found = routes?.get(edge.id);
  // A link since pointed elsewhere keeps no route laid out for its old ends.
  const route = found?.source === edge.source && found.target === edge.target ? found : undefined;
  return {
    ...edge,
    selected,
    data: { issues: edge.data?.issues ?? [], ...(route ? { route } : {}) },
  };
}
