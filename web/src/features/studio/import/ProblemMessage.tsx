import { problemText } from "../../../api/client";
import { ProblemError } from "./upload";

function sentence(error: unknown): string {
  if (!(error instanceof ProblemError)) return "The server could not be reached. Try again.";
  const detail = problemText(error.problem);
  if (error.status === 413) return `The file is too large. ${detail}`;
  if (error.status === 415) return `This kind of file cannot be imported. ${detail}`;
  if (error.status === 503) return `Google Docs import is not available here. ${detail}`;
  return detail;
}

/** What went wrong, in the page (an alert, so screen readers hear it at once). */
export function ProblemMessage({ error }: { error: unknown }) {
  return (
    <div role="alert" className="error">
      {error ? <p dir="auto">{sentence(error)}</p> : null}
    </div>
  );
}
