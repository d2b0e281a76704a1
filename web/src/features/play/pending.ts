// An answer is written down before it is sent and crossed out once the server has it, so a
// reload, a crash or a closed laptop resends it (with the same Idempotency-Key) instead of
// losing it. localStorage keeps only the learner's own choices: nothing secret.

export interface PendingAnswer {
  questionId: string;
  key: string;
  choices: string[];
  text: string | null;
}

const slot = (attemptId: string) => `quizflow:pending-answer:${attemptId}`;

export function savePending(attemptId: string, answer: PendingAnswer): void {
  try {
    localStorage.setItem(slot(attemptId), JSON.stringify(answer));
  } catch {
    // Storage full or disabled: the answer is still retried for as long as the page is open.
  }
}

export function loadPending(attemptId: string, questionId: string): PendingAnswer | null {
  try {
    const raw = localStorage.getItem(slot(attemptId));
    const found = raw ? (JSON.parse(raw) as PendingAnswer) : null;
    return found && found.questionId === questionId ? found : null;
  } catch {
    return null;
  }
}

export function clearPending(attemptId: string): void {
  try {
    localStorage.removeItem(slot(attemptId));
  } catch {
    // nothing to clear
  }
}
