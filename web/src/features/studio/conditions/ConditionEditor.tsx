// A link's condition, edited either way: the builder writes the text; typed text is parsed by
// the server and, when the builder can show its tree, fills the builder. When it cannot, the
// text stays in charge and the builder is hidden.
import { useEffect, useId, useRef, useState } from "react";
import { useApi } from "../../../api/context";
import { ConditionGroup } from "./ConditionGroup";
import { ConditionText, type SyntaxProblem } from "./ConditionText";
import { parseCondition } from "./parse";
import { blankGroup, fromTree, type Group, toText } from "./tree";

const PARSE_DELAY_MS = 300;

export type ConditionValue = { text: string; valid: boolean };

/** `initialGroup`, when given, is what `initial` was generated from: no round trip needed. */
export function ConditionEditor({
  initial,
  initialGroup,
  labels,
  onChange,
}: {
  initial: string;
  initialGroup?: Group;
  labels: string[];
  onChange: (value: ConditionValue) => void;
}) {
  const api = useApi();
  const radios = useId();
  const [text, setText] = useState(initial);
  const [isDefault, setIsDefault] = useState(initial.trim().toLowerCase() === "default");
  const [group, setGroup] = useState<Group | null>(
    initialGroup ?? (isDefault ? blankGroup(labels) : null),
  );
  const [problem, setProblem] = useState<SyntaxProblem | null>(null);
  const [textOnly, setTextOnly] = useState(false);
  const pending = useRef(0);
  const report = useRef(onChange);
  report.current = onChange;

  // Parse what was typed (and the initial text) once typing pauses; a later keystroke wins.
  const [typed, setTyped] = useState<string | null>(isDefault || initialGroup ? null : initial);
  useEffect(() => {
    if (typed === null) return;
    const ticket = ++pending.current;
    const timer = setTimeout(async () => {
      const result = await parseCondition(api, typed);
      if (ticket !== pending.current) return;
      if (!result.ok) {
        setProblem({ column: result.column, detail: result.detail });
        report.current({ text: typed, valid: false });
        return;
      }
      setProblem(null);
      report.current({ text: typed, valid: true });
      if (result.tree?.kind === "default") {
        setIsDefault(true);
        setTextOnly(false);
      } else {
        setIsDefault(false);
        const built = result.tree ? fromTree(result.tree) : null;
        setTextOnly(built === null);
        if (built) setGroup(built);
      }
    }, PARSE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, typed]);

  const fromBuilder = (next: Group | null, asDefault: boolean) => {
    pending.current += 1; // the builder's text is known good; drop a parse under way
    setTyped(null);
    const nextText = asDefault ? "default" : toText(next);
    setText(nextText);
    setProblem(null);
    setTextOnly(false);
    report.current({ text: nextText, valid: true });
  };

  return (
    <div className="cond-editor">
      <fieldset className="cond-when">
        <legend>Follow this link</legend>
        <label className="cond-check">
          <input
            type="radio"
            name={radios}
            checked={isDefault}
            onChange={() => {
              setIsDefault(true);
              fromBuilder(group, true);
            }}
          />
          otherwise (when no other link matches)
        </label>
        <label className="cond-check">
          <input
            type="radio"
            name={radios}
            checked={!isDefault}
            onChange={() => {
              const start = group ?? blankGroup(labels);
              setIsDefault(false);
              setGroup(start);
              fromBuilder(start, false);
            }}
          />
          when…
        </label>
      </fieldset>
      {!isDefault && group && !textOnly && (
        <ConditionGroup
          group={group}
          name="Condition"
          labels={labels}
          onRemove={null}
          onChange={(next) => {
            setGroup(next);
            fromBuilder(next, false);
          }}
        />
      )}
      <ConditionText
        value={text}
        problem={problem}
        note={textOnly ? "The builder cannot show this condition; edit it as text." : null}
        onChange={(next) => {
          setText(next);
          setTyped(next);
          report.current({ text: next, valid: false });
        }}
      />
    </div>
  );
}
