// A new link without the mouse (or after drawing one that needs a condition): from, to, when.
import { useEffect, useId, useRef, useState } from "react";
import { ConditionEditor, type ConditionValue } from "../conditions/ConditionEditor";
import { blankGroup, toText } from "../conditions/tree";
import { labelsOf, type QuestionRead, useCreateLink } from "./flowApi";
import { TargetSelect } from "./TargetSelect";

export type LinkDraft = { from: string; to: string | null; serial: number };

export function AddLinkForm({
  scenarioId,
  questions,
  draft,
}: {
  scenarioId: string;
  questions: QuestionRead[];
  draft: LinkDraft | null;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const create = useCreateLink(scenarioId);
  const [from, setFrom] = useState<string | null>(draft?.from ?? questions[0]?.id ?? null);
  const [to, setTo] = useState<string | null>(draft ? draft.to : (questions[1]?.id ?? null));
  const [edited, setEdited] = useState<{ key: string; value: ConditionValue } | null>(null);
  const [added, setAdded] = useState(0);
  const source = questions.find((q) => q.id === from);
  const labels = labelsOf(source);
  // The first link from a question is its default; a further one needs a condition.
  const first = !source || source.links.length === 0;
  const initialGroup = first ? undefined : blankGroup(labels);
  const initial = initialGroup ? toText(initialGroup) : "default";
  // The editor starts afresh for another source question (or after a link is added); what was
  // typed into the previous one no longer applies.
  const editorKey = `${from}-${first}-${added}`;
  const condition = edited?.key === editorKey ? edited.value : { text: initial, valid: true };

  useEffect(() => {
    if (draft) heading.current?.focus();
  }, [draft]);

  return (
    <section className="flow-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
        Add a link
      </h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!from || !condition.valid) return;
          create.mutate(
            { from_question_id: from, to_question_id: to, condition: condition.text },
            {
              onSuccess: () => setAdded((n) => n + 1),
            },
          );
        }}
      >
        <TargetSelect
          label="From"
          questions={questions}
          value={from}
          allowEnd={false}
          onChange={setFrom}
        />
        <TargetSelect label="To" questions={questions} value={to} onChange={setTo} />
        <ConditionEditor
          key={editorKey}
          initial={initial}
          initialGroup={initialGroup}
          labels={labels}
          onChange={(value) => setEdited({ key: editorKey, value })}
        />
        {create.error && <p role="alert">{create.error.message}</p>}
        {create.isSuccess && <p role="status">Link added.</p>}
        <button type="submit" disabled={!from || !condition.valid || create.isPending}>
          Add link
        </button>
      </form>
    </section>
  );
}
