import { problemText } from "../../../api/client";
import type { useVersions } from "./useVersions";

type State = ReturnType<typeof useVersions>;

interface Issue {
  message: string;
}

function issuesOf(error: unknown): Issue[] {
  if (error && typeof error === "object" && "issues" in error && Array.isArray(error.issues)) {
    return error.issues as Issue[];
  }
  return [];
}

/** Publish the draft as the next version, or stop offering it; what happened, said aloud. */
export function PublishControls({ state, canPublish }: { state: State; canPublish: boolean }) {
  const { publish, unpublish, scenario } = state;
  const busy = publish.isPending || unpublish.isPending;
  const published = scenario.data?.status === "published";
  const issues = issuesOf(publish.error);
  return (
    <section aria-labelledby="publish-heading">
      <h2 id="publish-heading">Publish</h2>
      <p>
        {published
          ? `Published: learners play version ${scenario.data?.latest_version}.`
          : "Not offered to learners."}
      </p>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            unpublish.reset();
            publish.mutate();
          }}
          disabled={busy}
          aria-describedby={canPublish ? undefined : "validation-heading"}
        >
          Publish
        </button>
        {published && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              publish.reset();
              unpublish.mutate();
            }}
            disabled={busy}
          >
            Unpublish
          </button>
        )}
      </div>
      <p role="status" aria-live="polite">
        {publish.isPending
          ? "Publishing…"
          : publish.data
            ? `Published as version ${publish.data.number}.`
            : unpublish.isPending
              ? "Unpublishing…"
              : unpublish.isSuccess
                ? "Unpublished: learners no longer see it."
                : ""}
      </p>
      <div role="alert" className="error">
        {publish.error ? (
          <>
            <p dir="auto">{problemText(publish.error)}</p>
            {issues.length > 0 && (
              <ul>
                {issues.map((issue) => (
                  <li key={issue.message} dir="auto">
                    {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
        {unpublish.error ? <p dir="auto">{problemText(unpublish.error)}</p> : null}
      </div>
    </section>
  );
}
