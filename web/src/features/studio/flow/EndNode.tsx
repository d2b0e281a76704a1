// Where links to null lead: the end of the scenario.
import { Handle, Position } from "@xyflow/react";

export function EndNode() {
  return (
    <div className="flow-node flow-end">
      <Handle type="target" position={Position.Top} />
      The end
    </div>
  );
}
