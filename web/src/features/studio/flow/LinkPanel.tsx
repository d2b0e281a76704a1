// The selected link: where it leads, when, in which order, or delete it.
import { useEffect, useId, useRef, useState } from "react";
import { ConditionEditor, type ConditionValue } from "../conditions/ConditionEditor";
import {
  type LinkRead,
  type LinkUpdate,
  labelsOf,
  type QuestionRead,
  questionName,
  useDeleteLink,
  useUpdateLink,
} from "./flowApi";
import { TargetSelect } from "./TargetSelect";

export function LinkPanel({
  scenarioId,
  link,
  questions,
  autoFocus,
  onClose,
}: {
  scenarioId: string;
  link: LinkRead;
  questions: QuestionRead[];
  autoFocus: boolean;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const update = useUpdateLink(scenarioId);
  const remove = useDeleteLink(scenarioId);
  const [target, setTarget] = useState<string | null>(link.to_question_id);
  const [condition, setCondition] = useState<ConditionValue>({ text: link.condition, valid: true });
  const [priority, setPriority] = useState(String(link.priority));
  const source = questions.find((q) => q.id === link.from_question_id);

  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, [autoFocus]);

  const body: LinkUpdate = {};
  if (target !== link.to_question_id) body.to_question_id = target;
  if (condition.text !== link.condition) body.condition = condition.text;
  const priorityValue = Number(priority);
  const priorityOk = priority !== "" && Number.isInteger(priorityValue) && priorityValue >= 0;
  if (priorityOk && priorityValue !== link.priority) body.priority = priorityValue;
  const changed = Object.keys(body).length > 0;
  const busy = update.isPending || remove.isPending;
  const error = update.error ?? remove.error;

  return (
    <section className="flow-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
        Link from {questionName(questions, link.from_question_id)} to{" "}
        {questionName(questions, link.to_question_id).replace("The end", "the end")}
      </h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (changed && condition.valid && priorityOk) update.mutate({ linkId: link.id, body });
        }}
      >
        <TargetSelect label="Leads to" questions={questions} value={target} onChange={setTarget} />
        <ConditionEditor
          key={link.id}
          initial={link.condition}
          labels={labelsOf(source)}
          onChange={setCondition}
        />
        <label htmlFor={`${id}-priority`}>Priority (lower is tried first)</label>
        <input
          id={`${id}-priority`}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={priority}
          aria-invalid={priorityOk ? undefined : true}
          onChange={(event) => setPriority(event.target.value)}
        />
        {error && <p role="alert">{error.message}</p>}
        {update.isSuccess && !changed && <p role="status">Saved.</p>}
        <div className="flow-actions">
          <button type="submit" disabled={busy || !changed || !condition.valid || !priorityOk}>
            Save link
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => remove.mutate(link.id, { onSuccess: onClose })}
          >
            Delete link
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}
