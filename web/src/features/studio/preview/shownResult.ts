// A preview step as the player's ResultView shows an answer: the chosen choices (labels,
// bodies, right or not, their feedback) come from the draft, which the preview's author owns.
import type { ShownResult } from "../../play/ResultView";
import type { PreviewAnswer, PreviewRead, PreviewStep, ScenarioDetail } from "./types";

export function shownResult(
  scenario: ScenarioDetail,
  answer: PreviewAnswer,
  step: PreviewStep,
  preview: PreviewRead,
): ShownResult {
  const question = scenario.questions.find((q) => q.id === answer.question_id);
  const feedback = new Map(step.feedback.map((f) => [f.choice_id, f.feedback]));
  const chosen = (answer.choice_ids ?? []).flatMap((id) => {
    const choice = question?.choices.find((c) => c.id === id);
    return choice
      ? [
          {
            label: choice.label,
            body: choice.body,
            is_correct: choice.is_correct,
            feedback: feedback.get(id) ?? null,
          },
        ]
      : [];
  });
  return {
    is_correct: step.is_correct,
    score_awarded: step.points_awarded,
    total_score: preview.score,
    chosen,
    text: answer.text ?? null,
    explanation: step.explanation,
    completed: step.next_question_id === null,
  };
}

/** The choices' ids for the labels a learner chose in QuestionView. */
export function choiceIds(scenario: ScenarioDetail, questionId: string, labels: string[]) {
  const question = scenario.questions.find((q) => q.id === questionId);
  return labels.flatMap((label) => {
    const found = question?.choices.find((c) => c.label === label);
    return found ? [found.id] : [];
  });
}
