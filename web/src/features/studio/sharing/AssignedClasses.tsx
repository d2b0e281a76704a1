// The classes the scenario is assigned to, each a link to its class page; assigning is done
// there (a class picks its scenarios), so an empty list points to the classes.
import { Link } from "../../../router";
import { AssignmentDates } from "../classes/AssignmentDates";
import type { AssignedClass, Audience } from "./useSharing";

export function AssignedClasses({
  classes,
  audience,
}: {
  classes: AssignedClass[];
  audience: Audience;
}) {
  return (
    <section aria-labelledby="classes-heading">
      <h2 id="classes-heading">Classes</h2>
      {classes.length > 0 ? (
        <ul className="assigned-classes" aria-labelledby="classes-heading">
          {classes.map((c) => (
            <li key={c.class_id}>
              <Link to={`/studio/classes/${c.class_id}`} dir="auto">
                {c.title}
              </Link>{" "}
              <AssignmentDates openAt={c.open_at} dueAt={c.due_at} />
            </li>
          ))}
        </ul>
      ) : (
        <>
          <p>
            It is assigned to no class. Assign it from a class's page, in{" "}
            <Link to="/studio/classes">Your classes</Link>.
          </p>
          {/* Saved audience, not the form's unsaved choice: what learners get now. */}
          {audience === "classes" && (
            <p className="notice">
              No learner can play it yet: its audience is its classes only, and it has none.
            </p>
          )}
        </>
      )}
    </section>
  );
}
