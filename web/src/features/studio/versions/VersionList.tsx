import type { components } from "../../../api/schema";

type Version = components["schemas"]["VersionRead"];

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The published versions, newest first. */
export function VersionList({ versions }: { versions: Version[] }) {
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      {versions.length === 0 ? (
        <p>Not published yet.</p>
      ) : (
        <table className="versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">Questions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>{v.number}</td>
                <td>
                  <time dateTime={v.published_at}>{when.format(new Date(v.published_at))}</time>
                </td>
                <td>{v.question_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
