import { useEffect, useRef } from "react";
import type { AnswerResultRead } from "../../api/client";
import { Html } from "../../components/Html";

/** What ResultView shows of an answer's result (an attempt's, or the studio preview's). */
export type ShownResult = Pick<
  AnswerResultRead,
  "is_correct" | "score_awarded" | "total_score" | "chosen" | "text" | "explanation" | "completed"
>;

/** After answering: right or wrong, the chosen choices' feedback, the explanation, next. */
export function ResultView({ result, onNext }: { result: ShownResult; onNext: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const verdict =
    result.is_correct === null
      ? "Answer recorded"
      : result.is_correct
        ? "✓ Correct"
        : "✗ Not quite";
  return (
    <section aria-labelledby="verdict" className="result">
      <h2
        id="verdict"
        ref={heading}
        tabIndex={-1}
        className={result.is_correct ? "right" : "wrong"}
      >
        {verdict}
      </h2>
      <p>
        Points for this question: {result.score_awarded}. Score so far: {result.total_score}.
      </p>
      {result.chosen.length > 0 && (
        <ul className="chosen">
          {result.chosen.map((c) => (
            <li key={c.label}>
              <p>
                You chose <strong>{c.label}</strong> (
                {c.is_correct ? "a right choice" : "not a right choice"})
              </p>
              <Html html={c.body} />
              {c.feedback && <Html html={c.feedback} className="feedback" />}
            </li>
          ))}
        </ul>
      )}
      {result.text !== null && (
        <p dir="auto">
          Your answer: <q>{result.text}</q>
        </p>
      )}
      {result.explanation && (
        <div className="explanation">
          <h3>Explanation</h3>
          <Html html={result.explanation} />
        </div>
      )}
      <button type="button" onClick={onNext}>
        {result.completed ? "See your results" : "Next question"}
      </button>
    </section>
  );
}
