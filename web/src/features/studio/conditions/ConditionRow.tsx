// One test of the builder: what to test, its fields, "not", and a way to remove it.
import { TestFields } from "./TestFields";
import { blankTest, type Row, type TestKind } from "./tree";

const KINDS: { kind: TestKind; name: string }[] = [
  { kind: "answer_is", name: "answer is" },
  { kind: "answer_is_not", name: "answer is not" },
  { kind: "answer_in", name: "answer is any of" },
  { kind: "answer_set_is", name: "answer is exactly (all of)" },
  { kind: "answer_has", name: "answer includes" },
  { kind: "correct", name: "answer is correct" },
  { kind: "incorrect", name: "answer is incorrect" },
  { kind: "score", name: "score" },
  { kind: "text_contains", name: "text contains" },
  { kind: "text_matches", name: "text matches" },
];

export function ConditionRow({
  row,
  name,
  labels,
  onChange,
  onRemove,
}: {
  row: Row;
  name: string;
  labels: string[];
  onChange: (row: Row) => void;
  onRemove: (() => void) | null;
}) {
  return (
    <li className="cond-row">
      <label className="cond-field cond-not">
        <input
          type="checkbox"
          checked={row.negated}
          onChange={(event) => onChange({ ...row, negated: event.target.checked })}
        />
        not <span className="visually-hidden">({name})</span>
      </label>
      <select
        aria-label={`${name}`}
        className="cond-field"
        value={row.test.kind}
        onChange={(event) =>
          onChange({ ...row, test: blankTest(event.target.value as TestKind, labels) })
        }
      >
        {KINDS.map((kind) => (
          <option key={kind.kind} value={kind.kind}>
            {kind.name}
          </option>
        ))}
      </select>
      <TestFields
        test={row.test}
        labels={labels}
        name={name}
        onChange={(test) => onChange({ ...row, test })}
      />
      {onRemove && (
        <button type="button" className="link" onClick={onRemove}>
          Remove <span className="visually-hidden">{name}</span>
        </button>
      )}
    </li>
  );
}
