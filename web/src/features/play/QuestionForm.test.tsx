import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AnswerResultRead, QuestionForLearner } from "../../api/client";
import { makeApi } from "../../api/client";
import { ApiProvider } from "../../api/context";
import { savePending } from "./pending";
import { QuestionForm } from "./QuestionForm";

const ATTEMPT = "00000000-0000-4000-8000-000000000001";
const question: QuestionForLearner = {
  id: "00000000-0000-4000-8000-0000000000aa",
  number: 1,
  total: 3,
  prompt_html: "<p>What do you do first?</p>",
  prompt_text: "What do you do first?",
  is_multiple_choice: true,
  multi_select: false,
  points: 1,
  choices: [
    { label: "A", body: "<p>Wipe it up</p>" },
    { label: "B", body: "<p>Warn people</p>" },
  ],
};
const stored: AnswerResultRead = {
  answer_id: "00000000-0000-4000-8000-0000000000bb",
  attempt_id: ATTEMPT,
  question_id: question.id,
  question_number: 1,
  is_correct: true,
  score_awarded: 1,
  total_score: 1,
  chosen: [{ label: "B", body: "<p>Warn people</p>", is_correct: true, feedback: null }],
  correct_labels: ["B"],
  text: null,
  explanation: null,
  next_question: null,
  completed: true,
  created_at: "2026-12-03T00:00:00Z",
  replayed: false,
};

/** A server reachable only after `failures` tries; records each request it saw. */
function flakyServer(failures: number) {
  const seen: Request[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL) => {
    const request = input as Request;
    seen.push(request);
    if (seen.length <= failures) throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(stored), {
      status: 201,
      headers: { "Content-Type": "application/json" },
    });
  });
  return { seen, fetchImpl: fetchImpl as unknown as typeof fetch };
}

function problemResponse(status: number, detail: string): Response {
  return new Response(JSON.stringify({ status, detail, code: "x" }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/** Each wait of the retry loop blocks until the test releases it. */
function heldWaits() {
  const releases: (() => void)[] = [];
  return {
    sleep: () => new Promise<void>((resolve) => releases.push(resolve)),
    releaseAll: () => {
      for (const release of releases.splice(0)) release();
    },
    count: () => releases.length,
  };
}

function renderForm(fetchImpl: typeof fetch, sleep: (ms: number) => Promise<void>) {
  const onAnswered = vi.fn();
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test")}>
      <QueryClientProvider client={new QueryClient()}>
        <QuestionForm
          attemptId={ATTEMPT}
          question={question}
          onAnswered={onAnswered}
          retry={{ delays: [10], sleep }}
        />
      </QueryClientProvider>
    </ApiProvider>,
  );
  return onAnswered;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("QuestionForm's retry", () => {
  it("says it is reconnecting, keeps the answer, and succeeds with the same Idempotency-Key", async () => {
    const { seen, fetchImpl } = flakyServer(2);
    const waits = heldWaits();
    const onAnswered = renderForm(fetchImpl, waits.sleep);

    await userEvent.click(screen.getByRole("radio", { name: /Warn people/ }));
    await userEvent.click(screen.getByRole("button", { name: "Answer" }));

    await waitFor(() => expect(screen.getByRole("status").textContent).toMatch(/Reconnecting/));
    expect(localStorage.getItem(`quizflow:pending-answer:${ATTEMPT}`)).toContain('"choices":["B"]');
    expect((screen.getByRole("button", { name: "Answer" }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    for (let i = 0; i < 2; i++) {
      await waitFor(() => expect(waits.count()).toBe(1));
      act(() => waits.releaseAll());
    }
    await waitFor(() => expect(onAnswered).toHaveBeenCalledWith(stored));
    expect(seen).toHaveLength(3);
    const keys = new Set(seen.map((r) => r.headers.get("Idempotency-Key")));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await seen[2]?.json()).toEqual({ question_id: question.id, choices: ["B"] });
    expect(localStorage.getItem(`quizflow:pending-answer:${ATTEMPT}`)).toBeNull();
  });

  it("resends an answer left unconfirmed before a reload, with its original key", async () => {
    savePending(ATTEMPT, {
      questionId: question.id,
      key: "key-from-before-reload",
      choices: ["B"],
      text: null,
    });
    const { seen, fetchImpl } = flakyServer(0);
    const onAnswered = renderForm(fetchImpl, () => Promise.resolve());

    await waitFor(() => expect(onAnswered).toHaveBeenCalledWith(stored));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get("Idempotency-Key")).toBe("key-from-before-reload");
  });

  it("keeps the answer when the session has ended, to resend it after signing in again", async () => {
    const fetchImpl = vi.fn(async () =>
      problemResponse(401, "your session has ended: sign in again"),
    ) as unknown as typeof fetch;
    renderForm(fetchImpl, () => Promise.resolve());
    await userEvent.click(screen.getByRole("radio", { name: /Warn people/ }));
    await userEvent.click(screen.getByRole("button", { name: "Answer" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("your session has ended: sign in again"),
    );
    expect(localStorage.getItem(`quizflow:pending-answer:${ATTEMPT}`)).toContain('"choices":["B"]');
  });

  it("drops an answer the server refuses for good, and says why", async () => {
    const fetchImpl = vi.fn(async () =>
      problemResponse(409, "this question was already answered"),
    ) as unknown as typeof fetch;
    renderForm(fetchImpl, () => Promise.resolve());
    await userEvent.click(screen.getByRole("radio", { name: /Warn people/ }));
    await userEvent.click(screen.getByRole("button", { name: "Answer" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("this question was already answered"),
    );
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(`quizflow:pending-answer:${ATTEMPT}`)).toBeNull();
  });

  it("asks for a choice instead of sending nothing", async () => {
    const { seen, fetchImpl } = flakyServer(0);
    renderForm(fetchImpl, () => Promise.resolve());
    await userEvent.click(screen.getByRole("button", { name: "Answer" }));
    expect(screen.getByRole("alert").textContent).toBe("Choose an answer first.");
    expect(seen).toHaveLength(0);
  });
});
