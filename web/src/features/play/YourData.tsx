// "Your data": everything quizflow holds about the learner, as files (docs/privacy.md). Plain
// links: the session cookie rides along with a same-origin GET, and the server names the file.
import { API_PREFIX } from "../../api/client";

export function YourData() {
  return (
    <section aria-labelledby="your-data" className="your-data">
      <h2 id="your-data">Your data</h2>
      <p>Download everything quizflow holds about you.</p>
      <ul>
        <li>
          <a href={`${API_PREFIX}/me/data`} download>
            Your data (JSON)
          </a>
        </li>
        <li>
          <a href={`${API_PREFIX}/me/attempts.pdf`} download>
            All your attempts (PDF)
          </a>
        </li>
      </ul>
    </section>
  );
}
