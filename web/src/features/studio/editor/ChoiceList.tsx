// A multiple-choice question's choices: add, remove, reorder, mark correct.
import { ChoiceEditor } from "./ChoiceEditor";
import { freeLabel, moved } from "./questionDraft";
import type { ChoiceWrite, QuestionWrite } from "./types";

export function ChoiceList({
  questionId,
  question,
  revision,
  errors,
  update,
  onBlur,
}: {
  questionId: string;
  question: QuestionWrite;
  revision: number;
  errors: Record<string, string>;
  update: (change: (q: QuestionWrite) => QuestionWrite) => void;
  onBlur: () => void;
}) {
  const choices = question.choices ?? [];
  const multi = question.multi_select ?? false;
  const setChoices = (change: (c: ChoiceWrite[]) => ChoiceWrite[]) =>
    update((q) => ({ ...q, choices: change(q.choices ?? []) }));
  return (
    <div className="choices">
      <h4>Choices</h4>
      <FieldErrorList message={errors.choices} />
      <ol className="choice-list">
        {choices.map((choice, index) => (
          <ChoiceEditor
            key={choice.label ?? index}
            questionId={questionId}
            choice={choice}
            index={index}
            count={choices.length}
            multi={multi}
            revision={revision}
            error={errors[`choices.${index}.body`]}
            onBlur={onBlur}
            onChange={(change) =>
              setChoices((all) => all.map((c, i) => (i === index ? change(c) : c)))
            }
            onCorrect={(checked) =>
              setChoices((all) =>
                all.map((c, i) =>
                  i === index
                    ? { ...c, is_correct: checked }
                    : multi
                      ? c
                      : { ...c, is_correct: false },
                ),
              )
            }
            onMove={(by) => setChoices((all) => moved(all, index, by))}
            onRemove={() => setChoices((all) => all.filter((_, i) => i !== index))}
          />
        ))}
      </ol>
      <button
        type="button"
        className="button"
        disabled={choices.length >= 26}
        onClick={() =>
          setChoices((all) => {
            const label = freeLabel(all);
            return [...all, { label, body: `Choice ${label}`, is_correct: false, feedback: null }];
          })
        }
      >
        Add a choice
      </button>
    </div>
  );
}

function FieldErrorList({ message }: { message: string | undefined }) {
  return message ? <p className="error field-error">{message}</p> : null;
}
