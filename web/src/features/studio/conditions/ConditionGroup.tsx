// A group of tests joined by "and" or "or", possibly negated; groups nest.
import { ConditionRow } from "./ConditionRow";
import { type BuilderNode, blankGroup, blankRow, type Group } from "./tree";

export function ConditionGroup({
  group,
  name,
  labels,
  onChange,
  onRemove,
}: {
  group: Group;
  name: string;
  labels: string[];
  onChange: (group: Group) => void;
  onRemove: (() => void) | null;
}) {
  const replace = (index: number, node: BuilderNode | null) =>
    onChange({
      ...group,
      children: node
        ? group.children.map((child, i) => (i === index ? node : child))
        : group.children.filter((_, i) => i !== index),
    });
  const canRemoveChild = group.children.length > 1;
  return (
    <fieldset className="cond-group">
      <legend>{name}</legend>
      <div className="cond-group-head">
        <select
          aria-label={`Join for ${name}`}
          className="cond-field"
          value={group.op}
          onChange={(event) => onChange({ ...group, op: event.target.value as "and" | "or" })}
        >
          <option value="and">all of these (and)</option>
          <option value="or">any of these (or)</option>
        </select>
        <label className="cond-field cond-not">
          <input
            type="checkbox"
            checked={group.negated}
            onChange={(event) => onChange({ ...group, negated: event.target.checked })}
          />
          not <span className="visually-hidden">({name})</span>
        </label>
        {onRemove && (
          <button type="button" className="link" onClick={onRemove}>
            Remove <span className="visually-hidden">{name}</span>
          </button>
        )}
      </div>
      <ol className="cond-children">
        {group.children.map((child, index) => {
          const childName = `${name === "Condition" ? "Test" : `${name}, test`} ${index + 1}`;
          const remove = canRemoveChild ? () => replace(index, null) : null;
          return child.type === "row" ? (
            <ConditionRow
              key={child.id}
              row={child}
              name={childName}
              labels={labels}
              onChange={(row) => replace(index, row)}
              onRemove={remove}
            />
          ) : (
            <li key={child.id}>
              <ConditionGroup
                group={child}
                name={childName.replace(/test (\d+)$/, "group $1").replace(/^Test/, "Group")}
                labels={labels}
                onChange={(inner) => replace(index, inner)}
                onRemove={remove}
              />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="secondary"
        onClick={() => onChange({ ...group, children: [...group.children, blankRow(labels)] })}
      >
        Add a test <span className="visually-hidden">to {name}</span>
      </button>{" "}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange({ ...group, children: [...group.children, blankGroup(labels)] })}
      >
        Add a group <span className="visually-hidden">to {name}</span>
      </button>
    </fieldset>
  );
}
