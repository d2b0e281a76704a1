import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const learner = (n: number) => ({
  email: `learner${n}@example.com`,
  password: `e2e-password-${n}`,
});

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/app/");
  await expect(page).toHaveURL(/\/app\/sign-in\?next=/);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your scenarios" })).toBeVisible();
}

/** axe-core on the page as it is: no serious or critical violation of WCAG 2.1 A/AA. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(bad).toEqual([]);
}

/** Choose by the choice's text, then send. */
export async function answer(page: Page, choices: (string | RegExp)[]): Promise<void> {
  for (const choice of choices) await page.getByLabel(choice).check();
  await page.getByRole("button", { name: "Answer" }).click();
}

export async function next(page: Page): Promise<void> {
  await page.getByRole("button", { name: /Next question|See your results/ }).click();
}

export const attemptIdOf = (page: Page): string => {
  const match = page.url().match(/\/attempts\/([0-9a-f-]{36})/);
  if (!match?.[1]) throw new Error(`not on an attempt page: ${page.url()}`);
  return match[1];
};
