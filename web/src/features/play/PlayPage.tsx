import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AnswerResultRead, AttemptRead } from "../../api/client";
import { Html } from "../../components/Html";
import { PageHeading } from "../../components/PageHeading";
import { Link } from "../../router";
import { NotFound, useAttempt } from "./attempt";
import { EndView } from "./EndView";
import { QuestionForm } from "./QuestionForm";
import { ResultView } from "./ResultView";

/** Playing one attempt: /app/attempts/:id. The question shown is always the server's. */
export function PlayPage({ attemptId }: { attemptId: string }) {
  const attempt = useAttempt(attemptId);
  const client = useQueryClient();
  const [result, setResult] = useState<AnswerResultRead | null>(null);
  const [answeredHere, setAnsweredHere] = useState(false);

  if (attempt.isPending) return <p role="status">Loading…</p>;
  if (attempt.error) {
    const missing = attempt.error instanceof NotFound;
    return (
      <section>
        <PageHeading title="Not found">
          {missing ? "Attempt not found" : "Cannot load the attempt"}
        </PageHeading>
        <p>
          {missing ? "There is no such attempt among yours." : "Check your connection and reload."}
        </p>
        <Link to="/">Back to your scenarios</Link>
      </section>
    );
  }
  const now = attempt.data;

  // The answer moved the attempt on: what the server said becomes the attempt we show, with
  // no request (nothing about the next question is known before it is shown anyway).
  function next(answered: AnswerResultRead) {
    client.setQueryData<AttemptRead>(["attempt", attemptId], {
      ...now,
      score: answered.total_score,
      current_question: answered.next_question,
      status: answered.completed ? "completed" : now.status,
    });
    setResult(null);
    setAnsweredHere(true);
    void client.invalidateQueries({ queryKey: ["attempts"] });
  }

  return (
    <article>
      <PageHeading title={now.title}>{now.title}</PageHeading>
      <Html html={now.context_html} className="context" />
      {result ? (
        <ResultView result={result} onNext={() => next(result)} />
      ) : now.current_question ? (
        <QuestionForm
          key={now.current_question.id}
          attemptId={attemptId}
          question={now.current_question}
          onAnswered={setResult}
          focusOnShow={answeredHere}
        />
      ) : (
        <EndView attempt={now} />
      )}
    </article>
  );
}
