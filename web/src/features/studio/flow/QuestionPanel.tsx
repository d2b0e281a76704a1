// The selected question: make it the start, or begin a link from it.
import { useEffect, useId, useRef } from "react";
import { type QuestionRead, questionName, useSetStart } from "./flowApi";

export function QuestionPanel({
  scenarioId,
  question,
  questions,
  isStart,
  autoFocus,
  onAddLink,
  onClose,
}: {
  scenarioId: string;
  question: QuestionRead;
  questions: QuestionRead[];
  isStart: boolean;
  autoFocus: boolean;
  onAddLink: () => void;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const setStart = useSetStart(scenarioId);
  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, [autoFocus]);
  useEffect(() => {
    // The benchmark (web/bench/graph.bench.ts) reads this: the page answered a click.
    if (performance.getEntriesByName("flow:panel-open").length === 0)
      performance.mark("flow:panel-open");
  }, []);
  return (
    <section className="flow-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {questionName(questions, question.id)}
      </h2>
      <p dir="auto">{question.prompt_text}</p>
      <p>
        {question.links.length === 0
          ? "No links: the scenario ends here whatever the answer."
          : `${question.links.length} link${question.links.length === 1 ? "" : "s"} from here.`}
      </p>
      {setStart.error && <p role="alert">{setStart.error.message}</p>}
      <div className="flow-actions">
        {isStart ? (
          <p className="badge start">Learners start here</p>
        ) : (
          <button
            type="button"
            disabled={setStart.isPending}
            onClick={() => setStart.mutate(question.id)}
          >
            Set as start
          </button>
        )}
        <button type="button" className="secondary" onClick={onAddLink}>
          Add a link from here
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
