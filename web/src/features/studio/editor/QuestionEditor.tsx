// One question, autosaved on its own (PUT with If-Match): prompt, kind, points, explanation and
// choices; a 412 shows the other copy next to it.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useApi } from "../../../api/context";
import { RichTextEditor } from "../../../components/editor/RichTextEditor";
import { Html } from "../../../components/Html";
import { ChoiceList } from "./ChoiceList";
import { ConflictPanel } from "./ConflictPanel";
import { FieldError } from "./FieldError";
import { type Kind, kindOf, orNull, toQuestionDraft, withKind } from "./questionDraft";
import { SaveStatusText } from "./SaveStatusText";
import { guarded, toSaveResult } from "./saveResult";
import { fieldErrors, type QuestionRead, type QuestionWrite, type ScenarioDetail } from "./types";
import { useAutosave } from "./useAutosave";
import { scenarioKey } from "./useScenario";

export function QuestionEditor({
  scenarioId,
  question,
  number,
}: {
  scenarioId: string;
  question: QuestionRead;
  number: number;
}) {
  const api = useApi();
  const queries = useQueryClient();
  const save = useCallback(
    async (draft: QuestionWrite, etag: string) => {
      const result = await guarded(async () =>
        toSaveResult<QuestionRead>(
          await api.PUT("/scenarios/{scenario_id}/questions/{question_id}", {
            params: {
              path: { scenario_id: scenarioId, question_id: question.id },
              header: { "if-match": etag },
            },
            body: draft,
          }),
        ),
      );
      // The page's copy follows: a duplicate made next copies what was saved.
      if (result.kind === "saved")
        queries.setQueryData<ScenarioDetail>(
          scenarioKey(scenarioId),
          (old) =>
            old && {
              ...old,
              questions: old.questions.map((q) => (q.id === result.value.id ? result.value : q)),
            },
        );
      return result;
    },
    [api, queries, scenarioId, question.id],
  );
  const autosave = useAutosave<QuestionRead, QuestionWrite>({
    storageKey: `${scenarioId}:question:${question.id}`,
    server: question,
    toDraft: toQuestionDraft,
    save,
  });
  const { draft, update, revision } = autosave;
  const flush = () => void autosave.flush();
  const errors = fieldErrors(autosave.problem);
  const id = question.id;
  const kind = kindOf(draft);
  return (
    <div className="question-editor">
      <RichTextEditor
        key={`${revision}-prompt`}
        label={`Question ${number} prompt`}
        value={draft.prompt_html}
        invalid={Boolean(errors.prompt_html)}
        describedBy={errors.prompt_html ? `prompt-${id}-error` : undefined}
        onChange={(html) => update((q) => ({ ...q, prompt_html: html }))}
        onBlur={flush}
      />
      <FieldError id={`prompt-${id}-error`} message={errors.prompt_html} />
      <div className="row">
        <label>
          Kind{" "}
          <select
            value={kind}
            onChange={(event) => update((q) => withKind(q, event.target.value as Kind))}
            onBlur={flush}
          >
            <option value="single">Single choice</option>
            <option value="multi">Multi-select</option>
            <option value="text">Free text</option>
          </select>
        </label>
        <label>
          Points{" "}
          <input
            type="number"
            min={0}
            max={1000}
            value={draft.points ?? 1}
            aria-invalid={errors.points ? true : undefined}
            aria-describedby={errors.points ? `points-${id}-error` : undefined}
            onChange={(event) => update((q) => ({ ...q, points: Number(event.target.value) }))}
            onBlur={flush}
          />
        </label>
      </div>
      <FieldError id={`points-${id}-error`} message={errors.points} />
      {kind !== "text" && (
        <ChoiceList
          questionId={id}
          question={draft}
          revision={revision}
          errors={errors}
          update={update}
          onBlur={flush}
        />
      )}
      <RichTextEditor
        key={`${revision}-explanation`}
        label={`Question ${number} explanation`}
        value={draft.explanation ?? ""}
        onChange={(html) => update((q) => ({ ...q, explanation: orNull(html) }))}
        onBlur={flush}
      />
      {autosave.problem && !Object.keys(errors).length && autosave.problem.detail && (
        <p className="error field-error">{autosave.problem.detail}</p>
      )}
      <SaveStatusText status={autosave.status} />
      {autosave.conflict && (
        <ConflictPanel
          theirs={<Html html={autosave.conflict.theirs.prompt_html} />}
          onUseTheirs={autosave.takeTheirs}
          onKeepMine={autosave.keepMine}
        />
      )}
    </div>
  );
}
