import { expect, test } from "@playwright/test";
import { answer, attemptIdOf, learner, signIn } from "./helpers";

const ANSWERS = /\/attempts\/[0-9a-f-]{36}\/answers$/;

test("an answer whose response is lost, then a 503, then offline, is stored exactly once each", async ({
  page,
  context,
}) => {
  await signIn(page, learner(2));
  await page.getByRole("button", { name: /Start/ }).click();
  await expect(page.getByText("What do you do first?")).toBeVisible();
  const attemptId = attemptIdOf(page);

  // 1. The server stores the answer, but the connection drops before the response arrives.
  const keys: string[] = [];
  let cut = 0;
  await page.route(ANSWERS, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    keys.push(route.request().headers()["idempotency-key"] ?? "");
    if (cut++ < 2) {
      await route.fetch(); // reaches the server, which records the answer
      return route.abort("connectionreset");
    }
    return route.continue();
  });
  await answer(page, [/Warn the people nearby/]);
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Correct/ })).toBeVisible();
  expect(keys.length).toBe(3);
  expect(new Set(keys).size).toBe(1); // every retry carried the same Idempotency-Key
  await page.unroute(ANSWERS);
  await page.getByRole("button", { name: "Next question" }).click();

  // 2. The server is overloaded for a moment (503 with Retry-After).
  let busy = 0;
  await page.route(ANSWERS, (route) =>
    route.request().method() === "POST" && busy++ < 1
      ? route.fulfill({
          status: 503,
          headers: { "Retry-After": "1", "Content-Type": "application/problem+json" },
          body: JSON.stringify({ status: 503, detail: "busy", code: "database_unavailable" }),
        })
      : route.continue(),
  );
  await answer(page, [/Sodium bicarbonate/, /Absorbent pads/, /Splash goggles/]);
  await expect(page.getByRole("heading", { level: 2, name: /Correct/ })).toBeVisible();
  await page.unroute(ANSWERS);
  await page.getByRole("button", { name: "Next question" }).click();

  // 3. The browser goes offline while sending, and comes back.
  await page.getByLabel("Your answer").fill("Into the hazardous waste container.");
  await context.setOffline(true);
  await page.getByRole("button", { name: "Answer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting" })).toBeVisible();
  await expect(page.getByLabel("Your answer")).toHaveValue("Into the hazardous waste container.");
  await context.setOffline(false);
  await expect(page.getByRole("button", { name: "See your results" })).toBeVisible();

  const stored = await page.request.get(`/attempts/${attemptId}/answers`);
  const history = (await stored.json()) as { question_number: number }[];
  expect(history.map((a) => a.question_number)).toEqual([1, 3, 5]);
});
