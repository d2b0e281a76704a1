import { expect, type Locator, type Page, test } from "@playwright/test";
import { answer, expectAccessible, learner, next, signIn } from "./helpers";
import { author } from "./studio-import";

const TITLE = "Triage at the roadside";

async function replaceText(page: Page, name: string, text: string, within?: Locator) {
  await (within ?? page).getByRole("textbox", { name, exact: true }).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

/** The studio, from nothing: three questions written in the editor, a branch drawn on the
 * graph with a score condition, a validation error seen and fixed, then published. */
async function authorBuildsAndPublishes(page: Page): Promise<void> {
  await signIn(page, author);
  await page.getByRole("link", { name: "Studio", exact: true }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Studio: your scenarios" }),
  ).toBeVisible();
  await page.getByLabel("New scenario title").fill(TITLE);
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  const scenarioId = page.url().split("/").pop() ?? "";

  await replaceText(page, "Context", "A cyclist lies still on the road.");
  for (let n = 1; n <= 3; n++) await page.getByRole("button", { name: "Add a question" }).click();
  await expect(page.locator(".question-item")).toHaveCount(3);
  const prompts = ["Is the cyclist breathing?", "Open the airway: tilt the head.", "Call 112."];
  for (const [index, prompt] of prompts.entries()) {
    await replaceText(page, `Question ${index + 1} prompt`, prompt);
    const item = page.locator(".question-item").nth(index);
    await replaceText(page, "Choice A", index === 0 ? "Yes, steadily" : "Done", item);
    await replaceText(page, "Choice B", index === 0 ? "I cannot tell" : "Not yet", item);
    await expect(item.getByRole("status")).toHaveText("Saved");
  }
  // The context typed before the questions were added is saved, with no conflict.
  await expect(page.locator(".scenario-fields").getByRole("status").first()).toHaveText("Saved");
  await expect(page.getByText("Changed in another tab")).toHaveCount(0);
  await page.screenshot({ path: "../docs/screenshots/studio-editor.png" });

  // The flow: the editor chained Q1 → Q2 → Q3. The author makes Q2 the last question for
  // those who hesitate, so Q2's link to Q3 goes: the graph says Q3 is now out of reach.
  await page.getByRole("link", { name: "Flow", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Flow of ${TITLE}` })).toBeVisible();
  const stored = await (await page.request.get(`/api/scenarios/${scenarioId}`)).json();
  const [q1, , q3] = stored.questions.map((q: { id: string }) => q.id) as string[];
  const node = (id: string | undefined) => page.locator(`.react-flow__node[data-id="${id}"]`);
  await expect(node(q1).getByText("Start")).toBeVisible();
  await page.getByRole("group", { name: /^Link from Question 2 to Question 3/ }).focus();
  await page.keyboard.press("Enter");
  await page
    .getByRole("region", { name: /^Link from Question 2 to Question 3/ })
    .getByRole("button", { name: "Delete" })
    .click();
  const problems = page.getByRole("list", { name: "Problems in the flow" });
  await expect(problems.getByRole("button", { name: /learners never see it/ })).toBeVisible();
  await expect(node(q3)).toHaveClass(/has-issue/);

  // The fix: a shortcut from Q1 to Q3 for whoever got Q1 right, drawn on the graph. A label
  // Q1 does not have is refused where it was typed; the builder's score ≥ 1 is the condition.
  await node(q1).locator(".react-flow__handle.source").dragTo(node(q3));
  const form = page.getByRole("region", { name: "Add a link" });
  await expect(form.getByLabel("To")).toHaveValue(q3 ?? "");
  await form.getByRole("textbox", { name: "Condition as text" }).fill("answer == C");
  await form.getByRole("button", { name: "Add link" }).click();
  await expect(form.getByRole("alert")).toContainText("names C, which the question does not have");
  await form.getByRole("combobox", { name: "Test 1", exact: true }).selectOption("score");
  await form.getByRole("combobox", { name: "Comparison for Test 1" }).selectOption(">=");
  await form.getByRole("spinbutton", { name: "Score for Test 1" }).fill("1");
  await expect(form.getByRole("textbox", { name: "Condition as text" })).toHaveValue("score >= 1");
  await form.getByRole("button", { name: "Add link" }).click();
  await expect(page.locator(".react-flow__edge-text", { hasText: "score >= 1" })).toBeVisible();
  await expect(page.getByText("No problems")).toBeVisible();
  await expectAccessible(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "../docs/screenshots/studio-flow.png" });

  await page.getByRole("link", { name: "Publish & export" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published: learners play version 1.")).toBeVisible();
  await expectAccessible(page);
}

async function startTriage(page: Page): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`Start ${TITLE}`) }).click();
  await expect(page.getByText("Is the cyclist breathing?")).toBeVisible();
}

test("an author builds a branching scenario in the studio; learners play both branches", async ({
  page,
  browser,
}) => {
  await authorBuildsAndPublishes(page);

  // The branch for a right first answer: score 1, straight to the call.
  const quick = await (await browser.newContext()).newPage();
  await signIn(quick, learner(6));
  await startTriage(quick);
  await answer(quick, [/Yes, steadily/]);
  await next(quick);
  await expect(quick.getByText("Call 112.")).toBeVisible();
  await answer(quick, [/Done/]);
  await next(quick);
  await expect(quick.getByRole("heading", { name: "You finished the scenario" })).toBeVisible();
  await expect(quick.locator(".path li")).toHaveCount(2);
  await quick.context().close();

  // The other branch, with a reload half-way: it resumes at the airway, the last question.
  const careful = await (await browser.newContext()).newPage();
  await signIn(careful, learner(5));
  await startTriage(careful);
  await answer(careful, [/I cannot tell/]);
  await next(careful);
  await expect(careful.getByText("Open the airway: tilt the head.")).toBeVisible();
  await careful.reload();
  await expect(careful.getByText("Open the airway: tilt the head.")).toBeVisible();
  await answer(careful, [/Done/]);
  await next(careful);
  await expect(careful.getByRole("heading", { name: "You finished the scenario" })).toBeVisible();
  await expect(careful.locator(".path li")).toHaveCount(2);
  await careful.context().close();
});
