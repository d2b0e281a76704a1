import { expect, type Page, test } from "@playwright/test";
import { makeScenario, signInByApi, unlink } from "./flow-helpers";
import { expectAccessible } from "./helpers";

const PROMPTS = ["Is the patient breathing?", "Check the pulse", "Call for help"];

/** Three questions, Q1 → Q2 and Q2 going nowhere: Q3 cannot be reached. */
async function openBrokenFlow(page: Page): Promise<string[]> {
  const csrf = await signInByApi(page);
  const made = await makeScenario(page, csrf, "First aid", PROMPTS);
  await unlink(page, csrf, made.scenarioId, made.questionIds[1] ?? "");
  await page.goto(`/app/studio/scenarios/${made.scenarioId}/flow`);
  await expect(page.getByRole("heading", { level: 1, name: "Flow of First aid" })).toBeVisible();
  return made.questionIds;
}

/** Wait for the graph's viewport to stop moving (setCenter and fitView animate it). */
async function settled(page: Page): Promise<void> {
  const viewport = page.locator(".react-flow__viewport");
  await expect
    .poll(async () => {
      const before = await viewport.getAttribute("style");
      await page.waitForTimeout(150);
      return before === (await viewport.getAttribute("style"));
    })
    .toBe(true);
}

function watchCsp(page: Page): string[] {
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
  });
  return blocked;
}

test("an author draws a link with a score condition and the unreachable question is fixed", async ({
  page,
}) => {
  const blocked = watchCsp(page);
  const [q1, , q3] = await openBrokenFlow(page);
  const node = (id: string | undefined) => page.locator(`.react-flow__node[data-id="${id}"]`);

  // The problem, on the graph and in the list.
  const problems = page.getByRole("list", { name: "Problems in the flow" });
  await expect(problems.getByRole("button", { name: /learners never see it/ })).toBeVisible();
  await expect(node(q3)).toHaveClass(/has-issue/);
  await expect(node(q3).getByText(/never see it/)).toBeAttached();
  await expect(node(q1).getByText("Start")).toBeVisible();
  await expect(page.getByText("Dead end")).toHaveCount(2); // Q2 and Q3 lead nowhere
  await expectAccessible(page);

  // Clicking the problem selects Q3.
  await problems.getByRole("button", { name: /learners never see it/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Question 3" })).toBeVisible();
  await settled(page); // the view glides to Q3; drag once it stands still

  // Drag from Q1's lower handle to Q3: Q1 already has its default, so the editor opens.
  await node(q1).locator(".react-flow__handle.source").dragTo(node(q3));
  const form = page.getByRole("region", { name: "Add a link" });
  await expect(form.getByLabel("From")).toHaveValue(q1 ?? "");
  await expect(form.getByLabel("To")).toHaveValue(q3 ?? "");
  await form.getByRole("combobox", { name: "Test 1", exact: true }).selectOption("score");
  await form.getByRole("combobox", { name: "Comparison for Test 1" }).selectOption(">=");
  await form.getByRole("spinbutton", { name: "Score for Test 1" }).fill("1");
  await expect(form.getByRole("textbox", { name: "Condition as text" })).toHaveValue("score >= 1");
  await form.getByRole("button", { name: "Add link" }).click();

  await expect(page.locator(".react-flow__edge-text", { hasText: "score >= 1" })).toBeVisible();
  await expect(page.getByText("No problems")).toBeVisible();
  await expect(node(q3)).not.toHaveClass(/has-issue/);

  // Its editor: the server's parse of the stored text fills the builder; broken text is
  // answered with the parser's complaint at its column.
  await page.getByRole("group", { name: /^Link from Question 1 to Question 3/ }).focus();
  await page.keyboard.press("Enter");
  const panel = page.getByRole("region", { name: "Link from Question 1 to Question 3" });
  await expect(panel.getByRole("combobox", { name: "Test 1", exact: true })).toHaveValue("score");
  await expect(panel.getByRole("spinbutton", { name: "Score for Test 1" })).toHaveValue("1");
  await panel.getByRole("textbox", { name: "Condition as text" }).fill("score >= ");
  await expect(panel.getByRole("alert")).toHaveText(/^at column 10: /);
  await expect(panel.getByRole("button", { name: "Save link" })).toBeDisabled();
  await expectAccessible(page);
  expect(blocked).toEqual([]);
});

test("the keyboard alone adds a link with the form and opens a link's editor", async ({ page }) => {
  const [q1, q2, q3] = await openBrokenFlow(page);
  const form = page.getByRole("region", { name: "Add a link" });

  const from = form.getByLabel("From");
  await from.focus();
  await from.selectOption(q2 ?? "");
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("To")).toBeFocused();
  await form.getByLabel("To").selectOption(q3 ?? "");
  // Q2 has no link yet: its first is the default.
  await expect(form.getByRole("radio", { name: /otherwise/ })).toBeChecked();
  await form.getByRole("button", { name: "Add link" }).focus();
  await page.keyboard.press("Enter");
  await expect(form.getByRole("status")).toHaveText("Link added.");
  await expect(page.getByText("No problems")).toBeVisible();

  // Enter on a focused edge opens its editor and moves the focus there.
  const edge = page.getByRole("group", { name: /^Link from Question 1 to Question 2/ });
  await edge.focus();
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", {
    level: 2,
    name: "Link from Question 1 to Question 2",
  });
  await expect(heading).toBeFocused();
  await expect(
    page.getByRole("region", { name: /Link from Question 1/ }).getByLabel("Leads to"),
  ).toHaveValue(q2 ?? "");
  expect(q1).toBeTruthy();

  // Enter on a question opens its panel; "Set as start" moves the start, and Q1 is now
  // reached by nothing.
  await page.getByRole("group", { name: /^Question 2:/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "Question 2" })).toBeFocused();
  await page.getByRole("button", { name: "Set as start" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(`.react-flow__node[data-id="${q2}"]`).getByText("Start")).toBeVisible();
  await expect(
    page.getByRole("list", { name: "Problems in the flow" }).getByRole("button"),
  ).toHaveText([/learners never see it/]);

  // On a 360 px phone the panels stack under the graph and nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const graph = await page.locator(".flow-canvas").boundingBox();
  const panel = await page.getByRole("region", { name: "Add a link" }).boundingBox();
  expect(panel && graph && panel.y >= graph.y + graph.height).toBe(true);
});
