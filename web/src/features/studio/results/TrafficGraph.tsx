// The version's graph drawn with its traffic, read-only: the flow tab's layout, routed edges
// and End node, each link as wide as its share of the busiest, each question with how many
// reached it, stopped there, and the median time spent on it.
import { Background, Controls, Handle, type NodeProps, Position, ReactFlow } from "@xyflow/react";
import { memo } from "react";
import { EndNode } from "../flow/EndNode";
import { RoutedEdge } from "../flow/RoutedEdge";
import "@xyflow/react/dist/style.css";
import "../flow/flow.css";
import type { TrafficEdge, TrafficNode, TrafficNodeData } from "./analytics";
import { formatSeconds } from "./format";

const TrafficQuestion = memo(function TrafficQuestion({ data }: NodeProps) {
  const d = data as TrafficNodeData;
  return (
    <div className={`flow-node${d.onPath ? " on-path" : ""}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="flow-node-head">
        <span className="flow-node-number">Q{d.number}</span>
        {d.isStart && <span className="badge start">Start</span>}
        {d.onPath && <span className="badge path">On this path</span>}
      </div>
      <p className="flow-node-prompt" dir="auto">
        {d.prompt || "(no prompt)"}
      </p>
      <p className="traffic-badges">
        <span className="badge">reached {d.reached}</span>
        <span className="badge">stopped {d.stopped}</span>
        <span className="badge">median {formatSeconds(d.medianSeconds)}</span>
      </p>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { traffic: TrafficQuestion, end: EndNode };
const edgeTypes = { routed: RoutedEdge };

export function TrafficGraph({
  nodes,
  edges,
  label,
}: {
  nodes: TrafficNode[];
  edges: TrafficEdge[];
  label: string;
}) {
  return (
    <section className="flow-canvas traffic-canvas" aria-label={label}>
      <ReactFlow
        // biome-ignore lint/suspicious/noExplicitAny: xyflow's generic node type, read-only here
        nodes={nodes as any}
        // biome-ignore lint/suspicious/noExplicitAny: as above
        edges={edges as any}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        fitView
        minZoom={0.1}
        ariaLabelConfig={{
          "node.a11yDescription.default": "A question of this version with its traffic.",
          "edge.a11yDescription.default": "A link with how many learners took it.",
        }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}
