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
import { layoutGraph, type Point } from "./layout";

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

  const layout = useCallback((): Map<string, Point> => {
    return layoutGraph(
      built.nodes.map((n) => n.id),
      built.edges.map((e) => [e.source, e.target]),
    );
  }, [built]);

  // Merge the server's view into what is on screen (keeping positions, sizes and selection),
  // while rendering rather than in an effect: the first paint already shows the graph.
  if (synced !== built) {
    setSynced(built);
    const ids = (graph: Built | null) => graph?.nodes.map((n) => n.id).join(",") ?? "";
    const fresh = ids(synced) !== ids(built) ? layout() : null;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    setNodes(
      built.nodes.map((node) => {
        const old = byId.get(node.id);
        const position = (fresh ? undefined : old?.position) ??
          fresh?.get(node.id) ?? { x: 0, y: 0 };
        return {
          ...node,
          position,
          selected: old?.selected ?? false,
          ...(old?.measured ? { measured: old.measured } : {}),
        } as FlowNode;
      }),
    );
    const selected = new Set(edges.filter((e) => e.selected).map((e) => e.id));
    setEdges(built.edges.map((edge) => ({ ...edge, selected: selected.has(edge.id) })));
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
    const positions = layout();
    setNodes((current) =>
      current.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
    );
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
