// The canvas: questions and links laid out top to bottom, with zoom, overview and controls.
import {
  Background,
  type Connection,
  Controls,
  MiniMap,
  type OnEdgesChange,
  type OnNodesChange,
  type OnSelectionChangeFunc,
  ReactFlow,
  useNodesInitialized,
} from "@xyflow/react";
import { type KeyboardEvent, useEffect } from "react";
import { EndNode } from "./EndNode";
import { END_ID, type FlowEdge, type FlowNode } from "./graph";
import { QuestionNode } from "./QuestionNode";
import { RoutedEdge } from "./RoutedEdge";

const nodeTypes = { question: QuestionNode, end: EndNode };
const edgeTypes = { routed: RoutedEdge };

function markClick(): void {
  // The benchmark reads this and flow:panel-open: how fast a click is answered.
  if (performance.getEntriesByName("flow:node-click").length === 0)
    performance.mark("flow:node-click");
}

export function FlowGraph({
  nodes,
  edges,
  onNodesChange,
  onEdgesChange,
  onSelectionChange,
  onConnect,
  onKeyboardOpen,
}: {
  nodes: FlowNode[];
  edges: FlowEdge[];
  onNodesChange: OnNodesChange<FlowNode>;
  onEdgesChange: OnEdgesChange<FlowEdge>;
  onSelectionChange: OnSelectionChangeFunc<FlowNode, FlowEdge>;
  onConnect: (connection: Connection) => void;
  onKeyboardOpen: (byKeyboard: boolean) => void;
}) {
  const ready = useNodesInitialized();
  useEffect(() => {
    // The benchmark (web/bench/graph.bench.ts) reads this mark: every node drawn and measured.
    if (ready && nodes.length > 0 && performance.getEntriesByName("flow:rendered").length === 0)
      performance.mark("flow:rendered", { detail: { nodes: nodes.length } });
  }, [ready, nodes.length]);

  // Enter on a focused node or edge selects it (xyflow); remember it was the keyboard, so the
  // panel that opens takes the focus.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as Element;
    if (event.key === "Enter" && target.closest(".react-flow__node, .react-flow__edge"))
      onKeyboardOpen(true);
  };

  return (
    <div
      className="flow-canvas"
      onKeyDownCapture={onKeyDown}
      onPointerDownCapture={() => onKeyboardOpen(false)}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onConnect={onConnect}
        onNodeClick={markClick}
        isValidConnection={(c) => c.source !== END_ID}
        deleteKeyCode={null}
        connectionRadius={60}
        fitView
        minZoom={0.1}
        // Not onlyRenderVisibleElements: fitView shows every node at first anyway, and
        // nodes never drawn are never measured, so fitView would wait for them forever.
        ariaLabelConfig={{
          "node.a11yDescription.default":
            "Press Enter or Space to open the question's panel; arrow keys move it.",
          "edge.a11yDescription.default": "Press Enter or Space to edit this link.",
        }}
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable ariaLabel="Overview of the flow" />
      </ReactFlow>
    </div>
  );
}
