// The scenario's questions in order, each with its editor and the actions on it.
import { useState } from "react";
import { ConfirmDialog } from "../list/ConfirmDialog";
import { QuestionEditor } from "./QuestionEditor";
import type { QuestionRead } from "./types";
import { useQuestionOps } from "./useQuestionOps";

export function QuestionList({
  scenarioId,
  questions,
}: {
  scenarioId: string;
  questions: QuestionRead[];
}) {
  const ops = useQuestionOps(scenarioId, questions);
  const [deleting, setDeleting] = useState<QuestionRead | null>(null);
  return (
    <section className="questions" aria-labelledby="questions-heading">
      <h2 id="questions-heading">Questions</h2>
      {ops.error && (
        <p role="alert" className="error">
          {ops.error}
        </p>
      )}
      <ol className="question-list">
        {questions.map((question, index) => {
          const n = index + 1;
          return (
            <li key={question.id} className="card question-item">
              <h3>Question {n}</h3>
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={ops.busy || index === 0}
                  onClick={() => ops.move(question, -1)}
                >
                  Move up<span className="visually-hidden"> question {n}</span>
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={ops.busy || index === questions.length - 1}
                  onClick={() => ops.move(question, 1)}
                >
                  Move down<span className="visually-hidden"> question {n}</span>
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={ops.busy}
                  onClick={() => ops.duplicate(question)}
                >
                  Duplicate<span className="visually-hidden"> question {n}</span>
                </button>
                <button
                  type="button"
                  className="button danger"
                  disabled={ops.busy}
                  onClick={() => setDeleting(question)}
                >
                  Delete<span className="visually-hidden"> question {n}</span>
                </button>
              </div>
              <QuestionEditor scenarioId={scenarioId} question={question} number={n} />
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" disabled={ops.busy} onClick={ops.add}>
        Add a question
      </button>
      {deleting && (
        <ConfirmDialog
          title="Delete this question?"
          confirmLabel="Delete"
          busy={ops.busy}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const question = deleting;
            setDeleting(null);
            void ops.remove(question);
          }}
        >
          <p>Links through it lead to where it led by default. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
