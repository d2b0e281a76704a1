// The graph's nodes and edges as local state: built from the server's scenario and issues,
// positioned by dagre the first time (and on "Tidy layout"), moved by the author in between.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type OnEdgesChange,
  type OnNodesChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { IssueRead, ScenarioDetail } from "./flowApi";
import { buildGraph, type FlowEdge, type FlowNode } from "./graph";
import { layoutGraph, type Point } from "./layout";

export type Selection = { kind: "node" | "edge"; id: string } | null;

export function useFlowElements(scenario: ScenarioDetail | undefined, issues: IssueRead[]) {
  const built = useMemo(
    () => (scenario ? buildGraph(scenario, issues) : { nodes: [], edges: [] }),
    [scenario, issues],
  );
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [edges, setEdges] = useState<FlowEdge[]>([]);
  const layoutFor = useRef<string>("");

  const layout = useCallback((): Map<string, Point> => {
    return layoutGraph(
      built.nodes.map((n) => n.id),
      built.edges.map((e) => [e.source, e.target]),
    );
  }, [built]);

  // Merge the server's view into what is on screen: keep positions, sizes and selection.
  useEffect(() => {
    const ids = built.nodes.map((n) => n.id).join(",");
    const fresh = layoutFor.current !== ids ? layout() : null;
    layoutFor.current = ids;
    setNodes((current) => {
      const byId = new Map(current.map((n) => [n.id, n]));
      return built.nodes.map((node) => {
        const old = byId.get(node.id);
        const position = old?.position ?? fresh?.get(node.id) ?? { x: 0, y: 0 };
        return {
          ...node,
          position,
          selected: old?.selected ?? false,
          ...(old?.measured ? { measured: old.measured } : {}),
        } as FlowNode;
      });
    });
    setEdges((current) => {
      const selected = new Set(current.filter((e) => e.selected).map((e) => e.id));
      return built.edges.map((edge) => ({ ...edge, selected: selected.has(edge.id) }));
    });
  }, [built, layout]);

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
