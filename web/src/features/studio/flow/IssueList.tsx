// The validation's issues beside the graph; each one takes the author to where it is.
import type { IssueRead } from "./flowApi";

export function IssueList({
  issues,
  loading,
  onShow,
}: {
  issues: IssueRead[];
  loading: boolean;
  onShow: (issue: IssueRead) => void;
}) {
  return (
    <section className="flow-issues" aria-labelledby="flow-issues-h">
      <h2 id="flow-issues-h">Problems</h2>
      <p role="status" className="hint">
        {loading
          ? "Checking the flow…"
          : issues.length === 0
            ? "No problems: every question can be reached and every path ends."
            : `${issues.length} problem${issues.length === 1 ? "" : "s"} found.`}
      </p>
      {issues.length > 0 && (
        <ul aria-label="Problems in the flow">
          {issues.map((issue) => {
            const where = issue.link_id ?? issue.question_id;
            return (
              <li
                key={`${issue.code}-${where}-${issue.message}`}
                className={`issue ${issue.severity}`}
              >
                <span className="issue-kind">
                  {issue.severity === "error" ? "Error" : "Warning"}:
                </span>{" "}
                {where ? (
                  <button type="button" className="link" onClick={() => onShow(issue)}>
                    {issue.message}
                  </button>
                ) : (
                  issue.message
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
