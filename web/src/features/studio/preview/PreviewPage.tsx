// Preview as a learner: the draft played through POST /scenarios/{id}/preview with the
// player's own question and result views; nothing is recorded.
import { useState } from "react";
import { problemText } from "../../../api/client";
import { PageHeading } from "../../../components/PageHeading";
import type { ChosenAnswer } from "../../play/QuestionView";
import { QuestionView } from "../../play/QuestionView";
import { ResultView } from "../../play/ResultView";
import { ScenarioTabs } from "../ScenarioTabs";
import { StartFrom } from "./StartFrom";
import { choiceIds, shownResult } from "./shownResult";
import { useDraftPreview } from "./useDraftPreview";

export default function PreviewPage({ scenarioId }: { scenarioId: string; search: string }) {
  const preview = useDraftPreview(scenarioId);
  // After an answer, its result is shown until "Next question".
  const [showingResult, setShowingResult] = useState(false);
  const scenario = preview.scenario.data;
  const played = preview.played;
  const title = scenario?.title ?? "Scenario";

  function answer(given: ChosenAnswer) {
    if (!scenario || !played?.question) return;
    const questionId = played.question.id;
    preview.answer(
      {
        question_id: questionId,
        choice_ids: played.question.is_multiple_choice
          ? choiceIds(scenario, questionId, given.choices)
          : null,
        text: given.text,
      },
      () => setShowingResult(true),
    );
  }

  const last = played?.results.at(-1);
  const lastAnswer = preview.answers.at(-1);
  return (
    <section className="preview-page">
      <PageHeading title={`Preview: ${title}`}>
        Preview: <span dir="auto">{title}</span>
      </PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="/preview" />
      <p className="notice">Preview — nothing is recorded. Learners see the published version.</p>
      {preview.scenario.error ? (
        <p role="alert" className="error">
          {problemText(preview.scenario.error)}
        </p>
      ) : null}
      {scenario && (
        <StartFrom
          scenario={scenario}
          busy={preview.busy}
          started={played !== null}
          onStart={(from) => {
            setShowingResult(false);
            preview.begin(from);
          }}
        />
      )}
      <div role="alert" className="error">
        {preview.problem ? <p dir="auto">{problemText(preview.problem)}</p> : null}
      </div>
      {scenario && played && showingResult && last && lastAnswer && !preview.busy ? (
        <ResultView
          key={played.path.length}
          result={shownResult(scenario, lastAnswer, last, played)}
          onNext={() => setShowingResult(false)}
        />
      ) : played?.question ? (
        <QuestionView
          key={`${played.question.id}-${preview.answers.length}`}
          question={played.question}
          onSubmit={answer}
          busy={preview.busy}
          status={preview.busy ? "Checking the answer…" : ""}
          focusOnShow
        />
      ) : played?.finished ? (
        <section aria-labelledby="preview-end">
          <h2 id="preview-end" tabIndex={-1}>
            End of the preview
          </h2>
          <p>
            Score: {played.score} of {played.max_score}. Path: {played.path.length} question(s).
          </p>
        </section>
      ) : null}
    </section>
  );
}
