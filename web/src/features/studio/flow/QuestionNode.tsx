// A question on the graph: its number and prompt, Start / End marks, its issues as text.
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { QuestionNodeType } from "./graph";

export const QuestionNode = memo(function QuestionNode({
  data,
  selected,
}: NodeProps<QuestionNodeType>) {
  const worst = data.issues.some((i) => i.severity === "error") ? "error" : "warning";
  return (
    <div className={`flow-node${selected ? " selected" : ""}`}>
      <Handle type="target" position={Position.Top} />
      <div className="flow-node-head">
        <span className="flow-node-number">Q{data.number}</span>
        {data.isStart && <span className="badge start">Start</span>}
        {data.ending === "ends" && <span className="badge end">End</span>}
        {data.ending === "last" && <span className="badge end">Ends here</span>}
        {data.issues.length > 0 && (
          <span
            className={`flow-issue ${worst}`}
            title={data.issues.map((i) => i.message).join("\n")}
          >
            <span aria-hidden="true">⚠</span>
            <span className="visually-hidden">
              {data.issues.map((i) => `${i.severity}: ${i.message}`).join(" ")}
            </span>
          </span>
        )}
      </div>
      <p className="flow-node-prompt" dir="auto">
        {data.prompt || "(no prompt)"}
      </p>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});
