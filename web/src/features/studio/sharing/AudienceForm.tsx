import { type FormEvent, useState } from "react";
import { problemText } from "../../../api/client";
import type { Audience, useSharing } from "./useSharing";

type State = ReturnType<typeof useSharing>;

const CHOICES: { value: Audience; label: string; hint: string }[] = [
  { value: "everyone", label: "Every learner", hint: "Every signed-in learner sees it." },
  {
    value: "classes",
    label: "Its classes only",
    hint: "Learners of the classes it is assigned to, once the assignment opens.",
  },
  {
    value: "link",
    label: "Whoever has the link",
    hint: "Learners who open its share link; it then stays in their catalogue.",
  },
];

/** Who may play it: a radio group saved with one button, and what happened said aloud. */
export function AudienceForm({ state, current }: { state: State; current: Audience }) {
  const { setAudience } = state;
  const [chosen, setChosen] = useState<Audience>(current);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAudience.mutate({ audience: chosen });
  }

  return (
    <form onSubmit={submit} aria-labelledby="audience-heading">
      <h2 id="audience-heading">Who may play it</h2>
      <fieldset>
        <legend>Audience</legend>
        {CHOICES.map((choice) => (
          <div key={choice.value} className="check">
            <input
              type="radio"
              id={`audience-${choice.value}`}
              name="audience"
              value={choice.value}
              checked={chosen === choice.value}
              onChange={() => setChosen(choice.value)}
              aria-describedby={`audience-${choice.value}-hint`}
            />
            <label htmlFor={`audience-${choice.value}`}>{choice.label}</label>
            <span id={`audience-${choice.value}-hint`} className="hint">
              {choice.hint}
            </span>
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={setAudience.isPending}>
        Save audience
      </button>
      <p role="status" aria-live="polite">
        {setAudience.isPending
          ? "Saving…"
          : setAudience.isSuccess
            ? `Saved: ${CHOICES.find((c) => c.value === setAudience.data.audience)?.label ?? ""}.`
            : ""}
      </p>
      <div role="alert" className="error">
        {setAudience.error ? problemText(setAudience.error) : null}
      </div>
    </form>
  );
}
