import { expect, type Locator, type Page, test } from "@playwright/test";
import { addLink, makeScenario, signInByApi, unlink } from "./flow-helpers";
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

type Box = { x: number; y: number; width: number; height: number };

/** Points along an edge's drawn line, a few pixels apart, in page coordinates. */
async function edgePoints(edge: Locator): Promise<{ x: number; y: number }[]> {
  return edge.locator(".react-flow__edge-path").evaluate((path: SVGPathElement) => {
    const matrix = path.getScreenCTM();
    if (!matrix) return [];
    const length = path.getTotalLength();
    const points = [];
    for (let at = 0; at <= length; at += 3) {
      const p = path.getPointAtLength(at).matrixTransform(matrix);
      points.push({ x: p.x, y: p.y });
    }
    return points;
  });
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not on screen");
  return box;
}

const within = (p: { x: number; y: number }, b: Box) =>
  p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;

/** The edge's line never runs over (or behind) the node. */
async function expectClearOf(edge: Locator, node: Locator): Promise<void> {
  await expect
    .poll(async () => {
      const box = await boxOf(node);
      return (await edgePoints(edge)).filter((p) => within(p, box)).length;
    })
    .toBe(0);
}

/** The edge's label does not sit on the node. */
async function expectLabelClearOf(edge: Locator, node: Locator): Promise<void> {
  const label = await boxOf(edge.locator(".react-flow__edge-text"));
  const box = await boxOf(node);
  const apart =
    label.x + label.width <= box.x ||
    box.x + box.width <= label.x ||
    label.y + label.height <= box.y ||
    box.y + box.height <= label.y;
  expect(apart).toBe(true);
}

/** The edge's line arrives at the node's upper edge, wherever the node now is. */
async function expectEndsOn(edge: Locator, node: Locator): Promise<void> {
  await expect
    .poll(async () => {
      const box = await boxOf(node);
      const end = (await edgePoints(edge)).at(-1);
      return !!end && Math.abs(end.x - (box.x + box.width / 2)) < 4 && Math.abs(end.y - box.y) < 12;
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
  const [q1, q2, q3] = await openBrokenFlow(page);
  const node = (id: string | undefined) => page.locator(`.react-flow__node[data-id="${id}"]`);

  // The problem, on the graph and in the list.
  const problems = page.getByRole("list", { name: "Problems in the flow" });
  await expect(problems.getByRole("button", { name: /learners never see it/ })).toBeVisible();
  await expect(node(q3)).toHaveClass(/has-issue/);
  await expect(node(q3).getByText(/never see it/)).toBeAttached();
  await expect(node(q1).getByText("Start")).toBeVisible();
  // Q2 and Q3 lead nowhere: that is where the scenario ends, in a neutral mark (the problem
  // is Q3 being out of reach, marked on its own).
  await expect(page.getByText("Ends here", { exact: true })).toHaveCount(2);
  await expect(page.getByText("Dead end")).toHaveCount(0);
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

  // The shortcut is drawn clear of Q2, its label clear of every question.
  const shortcut = page.getByRole("group", { name: /^Link from Question 1 to Question 3/ });
  await settled(page);
  await expectClearOf(shortcut, node(q2));
  for (const id of [q1, q2, q3]) await expectLabelClearOf(shortcut, node(id));

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

test("a link that skips a question is drawn round it, and round again after a tidy-up", async ({
  page,
}) => {
  // The server chains Q1 → Q2 → Q3; the shortcut Q1 → Q3 skips Q2, which stands between.
  const csrf = await signInByApi(page);
  const made = await makeScenario(page, csrf, "Shortcut", PROMPTS);
  const [q1, q2, q3] = made.questionIds;
  await addLink(page, csrf, made.scenarioId, {
    from_question_id: q1 ?? "",
    to_question_id: q3 ?? "",
    condition: "score >= 1",
  });
  await page.goto(`/app/studio/scenarios/${made.scenarioId}/flow`);
  const node = (id: string | undefined) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const shortcut = page.getByRole("group", { name: /^Link from Question 1 to Question 3/ });
  await expect(shortcut.locator(".react-flow__edge-text")).toHaveText("score >= 1");
  await settled(page);
  await expectClearOf(shortcut, node(q2));
  await expectEndsOn(shortcut, node(q3));
  for (const id of [q1, q2, q3]) await expectLabelClearOf(shortcut, node(id));

  // Its label is still the way to its editor.
  await shortcut.locator(".react-flow__edge-textwrapper").click();
  const panel = page.getByRole("region", { name: "Link from Question 1 to Question 3" });
  await expect(panel.getByRole("textbox", { name: "Condition as text" })).toHaveValue("score >= 1");
  await expect(shortcut).toHaveClass(/selected/);

  // Dragged away, Q3 keeps its links, drawn as plain curves into its new place; "Tidy
  // layout" puts it back and the shortcut goes round Q2 again.
  const box = await boxOf(node(q3).locator(".flow-node-prompt"));
  await page.mouse.move(box.x + 20, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 5, { steps: 8 });
  await page.mouse.up();
  await expectEndsOn(shortcut, node(q3));
  await page.getByRole("button", { name: "Tidy layout" }).click();
  await expectClearOf(shortcut, node(q2));
  await expectEndsOn(shortcut, node(q3));
  await expectAccessible(page);
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
  // The scenario's tabs wrap onto lines of their own, each a separate target, and the
  // current one stands out: bold, underlined by a thick bar.
  const tabs = page.getByRole("navigation", { name: "Scenario" }).getByRole("link");
  await expect(tabs).toHaveCount(7);
  const boxes = await Promise.all((await tabs.all()).map(boxOf));
  for (const [i, b] of boxes.entries()) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(360);
    expect(b.height).toBeGreaterThanOrEqual(24);
    const next = boxes[i + 1];
    if (next && Math.abs(next.y - b.y) < 2) expect(next.x - (b.x + b.width)).toBeGreaterThan(2);
  }
  const current = page.getByRole("link", { name: "Flow", exact: true });
  await expect(current).toHaveAttribute("aria-current", "page");
  await expect(current).toHaveCSS("font-weight", "700");
  await expect(current).toHaveCSS("border-bottom-color", "rgb(11, 87, 208)");
  await expect(page.getByRole("link", { name: "Content", exact: true })).toHaveCSS(
    "font-weight",
    "400",
  );
  const graph = await page.locator(".flow-canvas").boundingBox();
  const panel = await page.getByRole("region", { name: "Add a link" }).boundingBox();
  expect(panel && graph && panel.y >= graph.y + graph.height).toBe(true);
});
