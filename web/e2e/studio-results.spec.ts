import { readFile } from "node:fs/promises";
import {
  type APIRequestContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { addLink, makeScenario, signInByApi, unlink } from "./flow-helpers";
import { expectAccessible, learner } from "./helpers";
import { author } from "./studio-import";

const baseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8123)}`;

/** A learner's own API session (a context of their own, so the author's page stays signed in). */
async function learnerApi(n: number): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const signedIn = await api.post("/auth/sign-in", { data: learner(n) });
  expect(signedIn.ok()).toBe(true);
  const { csrf_token } = (await signedIn.json()) as { csrf_token: string };
  return { api, csrf: csrf_token };
}

type Question = { id: string; choices: { label: string }[] } | null;

/** Play the published scenario: at each question the label `pick` gives; stop after `stopAfter`
 * answers (the attempt stays in progress). */
async function play(
  n: number,
  scenarioId: string,
  pick: (index: number) => string,
  stopAfter = Number.POSITIVE_INFINITY,
): Promise<void> {
  const { api, csrf } = await learnerApi(n);
  const headers = { "X-CSRF-Token": csrf };
  const started = await api.post("/attempts", { data: { scenario_id: scenarioId }, headers });
  expect(started.status(), await started.text()).toBe(201);
  const attempt = (await started.json()) as { id: string; current_question: Question };
  let question = attempt.current_question;
  for (let i = 0; question && i < stopAfter; i++) {
    const answered = await api.post(`/attempts/${attempt.id}/answers`, {
      data: { question_id: question.id, choices: [pick(i)] },
      headers,
    });
    expect(answered.status(), await answered.text()).toBe(201);
    question = ((await answered.json()) as { next_question: Question }).next_question;
  }
  await api.dispose();
}

test("an author reads a version's item analysis, charts and traffic graph", async ({ page }) => {
  test.setTimeout(90_000); // many steps, and two refusals each retried ~7 s by the studio
  // Q1 right → Q2 → Q3; Q1 wrong → Q3 directly; Q3 ends. Choices: A Yes (right), B No, C Maybe.
  const csrf = await signInByApi(page, author);
  const { scenarioId, questionIds } = await makeScenario(page, csrf, "Results, seeded", [
    "Is water wet?",
    "Is fire hot?",
    "Is ice cold?",
  ]);
  const [q1, , q3] = questionIds as [string, string, string];
  await unlink(page, csrf, scenarioId, q1);
  await addLink(page, csrf, scenarioId, {
    from_question_id: q1,
    to_question_id: questionIds[1] ?? null,
    condition: "correct",
  });
  await addLink(page, csrf, scenarioId, {
    from_question_id: q1,
    to_question_id: q3,
    condition: "default",
  });
  const published = await page.request.post(`/scenarios/${scenarioId}/publish`, {
    headers: { "X-CSRF-Token": csrf },
  });
  expect(published.ok(), await published.text()).toBe(true);

  // Three learners complete (two strong, one weak), a fourth stops after the first question.
  await play(1, scenarioId, () => "A");
  await play(2, scenarioId, () => "A");
  await play(3, scenarioId, () => "B");
  await play(4, scenarioId, () => "A", 1);

  // The page shares the API's session (signInByApi).
  await page.goto(`/app/studio/scenarios/${scenarioId}`);
  await page.getByRole("link", { name: "Results" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Results: Results, seeded" }),
  ).toBeVisible();
  await expect(
    page.getByText("4 attempts: 3 completed, 1 in progress, 0 abandoned."),
  ).toBeVisible();
  // A small version is counted as it is asked for: when, and nothing on its way.
  const counted = page.locator(".counted-note");
  await expect(counted.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(counted).not.toContainText("being counted");

  // Item analysis: Q1 answered by the 3 completed attempts, 2 of 3 right → facility 66.7.
  const items = page.getByRole("table", { name: /Item analysis of version 1/ });
  const first = items.getByRole("row").filter({ hasText: "Is water wet?" });
  await expect(first.getByRole("cell").nth(0)).toHaveText("3");
  await expect(first.getByRole("cell").nth(1)).toHaveText("66.7");
  await expect(first.getByRole("cell").nth(2)).not.toHaveText("");
  await expect(first.getByText(/Nobody chose this distractor/)).toBeVisible();

  // Each chart is an image with a name, its numbers in a table beside it.
  await expect(page.getByRole("img", { name: /^Facility per question: Q1 67/ })).toBeVisible();
  const facility = page.getByRole("table", { name: "Facility per question, as numbers" });
  await expect(facility.getByRole("row", { name: /Q1 67/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Distribution of scores/ })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Distribution of scores, as numbers" }),
  ).toBeVisible();
  const dropOff = page.getByRole("table", { name: "Drop-off along the path, as numbers" });
  await expect(dropOff.getByRole("row", { name: "Q1 4" })).toBeVisible();
  // Q2: two answered it, the fourth learner is on it; Q3: all three who completed.
  await expect(dropOff.getByRole("row", { name: "Q2 3" })).toBeVisible();
  await expect(dropOff.getByRole("row", { name: "Q3 3" })).toBeVisible();

  // The traffic graph: the busier link is wider; the nodes say reached / stopped / median.
  const graph = page.getByRole("region", { name: "Traffic on version 1's graph" });
  const right = graph.getByRole("group", {
    name: /Link from Question 1 to Question 2, correct: taken 3 times/,
  });
  const wrong = graph.getByRole("group", {
    name: /Link from Question 1 to Question 3, otherwise: taken 1 time/,
  });
  await expect(right).toBeAttached();
  await expect(wrong).toBeAttached();
  const width = async (edge: typeof right) =>
    Number.parseFloat(
      await edge
        .locator("path.react-flow__edge-path")
        .evaluate((p) => getComputedStyle(p).strokeWidth),
    );
  expect(await width(right)).toBeGreaterThan(await width(wrong));
  await expect(graph.getByText("reached 4")).toBeVisible();
  await expect(graph.getByText("stopped 1")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "../docs/screenshots/studio-analytics.png", fullPage: true });

  // By keyboard: the questions on the graph are focusable and read with their traffic.
  await page.getByRole("combobox", { name: "Version" }).focus();
  await expect(page.getByRole("combobox", { name: "Version" })).toHaveValue("1");
  await graph.getByRole("group", { name: /^Question 1:/ }).focus();
  await page.keyboard.press("Tab");
  await expect(
    graph.getByRole("group", { name: /^Question 2: Is fire hot\?. Reached by 3, stopped here 1/ }),
  ).toBeFocused();

  // Every attempt, filtered by status in the URL; one opened; the CSV as the server wrote it.
  await page.getByRole("link", { name: "Every attempt" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Attempts: Results, seeded" }),
  ).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Attempts 1–4 of 4" })).toBeVisible();
  await page.getByLabel("Status").selectOption("in_progress");
  await expect(page).toHaveURL(/\/results\/attempts\?status=in_progress$/);
  await expect(page.getByRole("status").filter({ hasText: "Attempts 1–1 of 1" })).toBeVisible();
  await page.getByLabel("Status").selectOption("completed");
  await page.getByLabel("Learner").fill("learner3");
  await page.getByLabel("Learner").press("Enter");
  await expect(page).toHaveURL(/status=completed&learner=learner3$/);
  await page.reload();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("learner3@example.com");
  await expect(rows.nth(1)).toContainText("Completed");
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download answers (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^answers-.*\.csv$/);
  const text = (await readFile((await download.path()) as string, "utf8")).replace(/^\uFEFF/, "");
  const lines = text.trim().split(/\r?\n/);
  expect(lines).toHaveLength(3); // the header and learner 3's two answers (Q1 wrong → Q3)
  expect(lines[1]).toContain("Is water wet?,B,");
  expect(lines.slice(1).every((line) => line.includes("learner3@example.com"))).toBe(true);
  const [attempts] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download attempts (CSV)" }).click(),
  ]);
  const attemptLines = (await readFile((await attempts.path()) as string, "utf8"))
    .trim()
    .split(/\r?\n/);
  expect(attemptLines).toHaveLength(2);

  await rows.nth(1).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Attempt by / })).toBeVisible();
  const steps = page
    .getByRole("list")
    .filter({ hasText: "Time on the question" })
    .getByRole("listitem");
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toContainText("Is water wet?");
  await expect(steps.nth(0)).toContainText("✗ wrong");
  await expect(steps.nth(1)).toContainText("Is ice cold?");
  const onPath = page.getByRole("region", { name: "This attempt's path on version 1's graph" });
  await expect(
    onPath.getByRole("group", {
      name: /^Taken by this attempt: link from Question 1 to Question 3/,
    }),
  ).toBeAttached();
  await expect(onPath.getByRole("group", { name: /^Question 2: .*\. Reached by/ })).toBeAttached();
  await expect(
    onPath.getByRole("group", { name: /^Question 3: .* On this attempt's path/ }),
  ).toBeAttached();
  const report = await page.getByRole("link", { name: "Report (PDF)" }).getAttribute("href");
  const pdf = await page.request.get(report ?? "");
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  await expectAccessible(page);

  // Another author may not see them: someone else's draft is not found; someone else's
  // published scenario is refused (the server's access rule, services/access.py). No numbers.
  const draft = await makeScenario(page, csrf, "A private draft", ["Hidden?"]);
  await page.request.post("/auth/sign-out", { headers: { "X-CSRF-Token": csrf } });
  await page.context().clearCookies();
  await page.goto("/app/");
  await page.getByLabel("Email").fill("author2@example.com");
  await page.getByLabel("Password").fill("e2e-author2-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your scenarios" })).toBeVisible();
  await page.goto(`/app/studio/scenarios/${draft.scenarioId}/results`);
  await expect(page.getByRole("alert")).toContainText(/does not exist/i, { timeout: 15_000 });
  await expect(page.getByRole("table")).toHaveCount(0);
  await expectAccessible(page);
  await page.goto(`/app/studio/scenarios/${scenarioId}/results`);
  await expect(page.getByRole("alert")).toContainText("this scenario is another author's", {
    timeout: 15_000,
  });
  await expect(page.getByRole("table")).toHaveCount(0);
});
