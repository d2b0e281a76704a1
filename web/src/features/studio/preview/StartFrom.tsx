import { type FormEvent, useId, useState } from "react";
import type { ScenarioDetail } from "./types";

/** Where the preview starts: the scenario's first question, or any other. */
export function StartFrom({
  scenario,
  onStart,
  busy,
  started,
}: {
  scenario: ScenarioDetail;
  onStart: (questionId: string | null) => void;
  busy: boolean;
  started: boolean;
}) {
  const id = useId();
  const [from, setFrom] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    onStart(from || null);
  }
  return (
    <form onSubmit={submit} className="start-from">
      <label htmlFor={id}>Start from</label>
      <select id={id} value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
        <option value="">The first question</option>
        {scenario.questions.map((q) => (
          <option key={q.id} value={q.id}>
            Question {q.position + 1}: {q.prompt_text.slice(0, 60)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy}>
        {started ? "Restart" : "Start the preview"}
      </button>
    </form>
  );
}
