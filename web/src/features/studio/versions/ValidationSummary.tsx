import type { components } from "../../../api/schema";
import { Link } from "../../../router";

type Validation = components["schemas"]["ValidationRead"];

/** Whether the draft can be published: its errors (which block publishing) and warnings. */
export function ValidationSummary({
  scenarioId,
  validation,
}: {
  scenarioId: string;
  validation: Validation;
}) {
  const errors = validation.issues.filter((i) => i.severity === "error");
  const warnings = validation.issues.filter((i) => i.severity === "warning");
  return (
    <section aria-labelledby="validation-heading" className="validation">
      <h2 id="validation-heading">Checks</h2>
      <p>
        {validation.publishable
          ? "✓ The draft can be published."
          : `✗ ${errors.length} error(s) must be fixed before publishing.`}{" "}
        {warnings.length > 0 && `${warnings.length} warning(s).`}
      </p>
      {validation.issues.length > 0 && (
        <ul className="issues">
          {validation.issues.map((issue) => (
            <li key={`${issue.code}-${issue.question_id}-${issue.link_id}`} dir="auto">
              <strong>{issue.severity === "error" ? "Error" : "Warning"}:</strong> {issue.message}
            </li>
          ))}
        </ul>
      )}
      {validation.issues.length > 0 && (
        <p>
          <Link to={`/studio/scenarios/${scenarioId}/flow`}>Fix them in the Flow tab</Link>
        </p>
      )}
    </section>
  );
}
