// The scenario's own fields: its title and the context shown before the first question.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useApi } from "../../../api/context";
import { RichTextEditor } from "../../../components/editor/RichTextEditor";
import { Html } from "../../../components/Html";
import { ConflictPanel } from "./ConflictPanel";
import { FieldError } from "./FieldError";
import { SaveStatusText } from "./SaveStatusText";
import { guarded, toSaveResult } from "./saveResult";
import { fieldErrors, type ScenarioDetail, type ScenarioSummary } from "./types";
import { useAutosave } from "./useAutosave";
import { scenarioKey } from "./useScenario";

type Fields = { title: string; context_html: string };
const toDraft = (s: ScenarioSummary): Fields => ({ title: s.title, context_html: s.context_html });

export function ScenarioFields({ scenario }: { scenario: ScenarioDetail }) {
  const api = useApi();
  const queries = useQueryClient();
  const save = useCallback(
    async (draft: Fields, etag: string) => {
      const result = await guarded(async () =>
        toSaveResult<ScenarioSummary>(
          await api.PATCH("/scenarios/{scenario_id}", {
            params: { path: { scenario_id: scenario.id }, header: { "if-match": etag } },
            body: draft,
          }),
        ),
      );
      if (result.kind === "saved")
        queries.setQueryData<ScenarioDetail>(
          scenarioKey(scenario.id),
          (old) => old && { ...old, ...result.value },
        );
      return result;
    },
    [api, queries, scenario.id],
  );
  const autosave = useAutosave<ScenarioSummary, Fields>({
    storageKey: `${scenario.id}:scenario`,
    server: scenario,
    toDraft,
    save,
  });
  const { draft, update, flush } = autosave;
  const errors = fieldErrors(autosave.problem);
  return (
    <section className="scenario-fields" aria-labelledby="scenario-fields-heading">
      <h2 id="scenario-fields-heading" className="visually-hidden">
        Title and context
      </h2>
      <label htmlFor="scenario-title">Title</label>
      <input
        id="scenario-title"
        dir="auto"
        value={draft.title}
        maxLength={300}
        aria-invalid={errors.title ? true : undefined}
        aria-describedby={errors.title ? "scenario-title-error" : undefined}
        onChange={(event) => update((d) => ({ ...d, title: event.target.value }))}
        onBlur={() => void flush()}
      />
      <FieldError id="scenario-title-error" message={errors.title} />
      <span className="field-label" id="scenario-context-label">
        Context (shown before the first question)
      </span>
      <RichTextEditor
        key={autosave.revision}
        label="Context"
        value={draft.context_html}
        onChange={(html) => update((d) => ({ ...d, context_html: html }))}
        onBlur={() => void flush()}
      />
      <FieldError id="scenario-context-error" message={errors.context_html} />
      <SaveStatusText status={autosave.status} />
      {autosave.conflict && (
        <ConflictPanel
          theirs={
            <>
              <p dir="auto">
                <strong>{autosave.conflict.theirs.title}</strong>
              </p>
              <Html html={autosave.conflict.theirs.context_html} />
            </>
          }
          onUseTheirs={autosave.takeTheirs}
          onKeepMine={autosave.keepMine}
        />
      )}
    </section>
  );
}
