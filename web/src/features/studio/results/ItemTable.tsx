// Item analysis: per question its facility and discrimination (Moodle's definitions), and per
// choice how many picked it, with the distractors nobody or the strong learners chose in words.
import type { ItemAnalysis } from "./analytics";
import { flagText, formatIndex, formatShare } from "./format";

export function ItemTable({ items }: { items: ItemAnalysis }) {
  const questions = [...items.questions].sort((a, b) => a.position - b.position);
  return (
    <table className="results-table items-table">
      <caption>
        Item analysis of version {items.version} ({items.attempts_counted} completed attempts)
      </caption>
      <thead>
        <tr>
          <th scope="col">Question</th>
          <th scope="col">Answered</th>
          <th scope="col">Facility</th>
          <th scope="col">Discrimination</th>
          <th scope="col">Choices picked</th>
        </tr>
      </thead>
      <tbody>
        {questions.map((q) => (
          <tr key={q.question_id}>
            <th scope="row">
              Q{q.position} <span dir="auto">{q.prompt_text}</span>
            </th>
            <td>{q.answered}</td>
            <td>{formatIndex(q.facility)}</td>
            <td>{formatIndex(q.discrimination)}</td>
            <td>
              <ul className="choice-stats">
                {q.choices.map((c) => {
                  const flags = flagText(c.flags);
                  return (
                    <li key={c.choice_id}>
                      <span className="choice-label">{c.label}</span>{" "}
                      <span dir="auto">{c.body_text}</span>
                      {c.is_correct && <span className="is-correct"> ✓ correct</span>}: {c.picked} (
                      {formatShare(c.picked_share)})
                      {flags && (
                        <span className="flag">
                          {" "}
                          <span aria-hidden="true">⚑</span> {flags}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
