// Scenarios made through the API for the flow's journeys and its benchmark: the demo author
// signs in with the page's own request context, so the page shares the session.
import { expect, type Page } from "@playwright/test";

export const author = { email: "author@example.com", password: "demo-author-pass" };

export type Made = { scenarioId: string; questionIds: string[] };

/** Sign the page's context in through the API; returns the CSRF token for writes. */
export async function signInByApi(page: Page, who = author): Promise<string> {
  const response = await page.request.post("/auth/sign-in", { data: who });
  expect(response.ok()).toBe(true);
  const { csrf_token } = (await response.json()) as { csrf_token: string };
  return csrf_token;
}

async function post(page: Page, csrf: string, url: string, data: unknown): Promise<unknown> {
  const response = await page.request.post(url, { data, headers: { "X-CSRF-Token": csrf } });
  expect(response.status(), `${url}: ${await response.text()}`).toBe(201);
  return response.json();
}

/** A draft of `count` questions, chained in order by the server (each Q(n) → Q(n+1)). */
export async function makeScenario(
  page: Page,
  csrf: string,
  title: string,
  prompts: string[],
): Promise<Made> {
  const scenario = (await post(page, csrf, "/scenarios", { title })) as { id: string };
  const questionIds: string[] = [];
  for (const prompt of prompts) {
    const question = (await post(page, csrf, `/scenarios/${scenario.id}/questions`, {
      prompt_html: `<p>${prompt}</p>`,
      points: 1,
      choices: [
        { body: "<p>Yes</p>", is_correct: true },
        { body: "<p>No</p>" },
        { body: "<p>Maybe</p>" },
      ],
    })) as { id: string };
    questionIds.push(question.id);
  }
  return { scenarioId: scenario.id, questionIds };
}

export async function addLink(
  page: Page,
  csrf: string,
  scenarioId: string,
  link: { from_question_id: string; to_question_id: string | null; condition: string },
): Promise<void> {
  await post(page, csrf, `/scenarios/${scenarioId}/links`, link);
}

/** Remove the links out of a question (the server's automatic chain, say). */
export async function unlink(
  page: Page,
  csrf: string,
  scenarioId: string,
  fromQuestionId: string,
): Promise<void> {
  const response = await page.request.get(`/scenarios/${scenarioId}`);
  const detail = (await response.json()) as {
    questions: { id: string; links: { id: string }[] }[];
  };
  const question = detail.questions.find((q) => q.id === fromQuestionId);
  for (const link of question?.links ?? []) {
    const deleted = await page.request.delete(`/scenarios/${scenarioId}/links/${link.id}`, {
      headers: { "X-CSRF-Token": csrf },
    });
    expect(deleted.status()).toBe(204);
  }
}
