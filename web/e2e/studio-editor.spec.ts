import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, learner, signIn } from "./helpers";

const AUTHOR = { email: "author@example.com", password: "demo-author-pass" };

async function newScenario(page: Page, title: string): Promise<string> {
  await page.goto("/app/studio");
  await expect(
    page.getByRole("heading", { level: 1, name: "Studio: your scenarios" }),
  ).toBeVisible();
  await page.getByLabel("New scenario title").fill(title);
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/app\/studio\/scenarios\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return page.url().split("/").pop() as string;
}

async function replaceText(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole("textbox", { name, exact: true }).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

const statusOf = (page: Page, section: string) => page.locator(section).getByRole("status").first();

test("an author writes a scenario, sees it saved, reloads and finds everything", async ({
  page,
}) => {
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) blocked.push(message.text());
  });
  await signIn(page, AUTHOR);
  await page.goto("/app/studio");
  await expectAccessible(page);
  const id = await newScenario(page, "Chemical spill drill");

  // The context: some bold words and a table.
  const context = page.getByRole("textbox", { name: "Context", exact: true });
  await context.click();
  await page.keyboard.type("Read this ");
  await page.getByRole("button", { name: "Bold" }).first().click();
  await page.keyboard.type("before you start");
  await expect(page.getByRole("button", { name: "Bold" }).first()).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.getByRole("button", { name: "Bold" }).first().click();
  await page.getByRole("button", { name: "Table" }).first().click();
  await page.keyboard.type("Acid");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Neutralise");
  await expect(statusOf(page, ".scenario-fields")).toHaveText("Saved");

  // Three questions, each with its choices; the first gets a third choice.
  for (let n = 1; n <= 3; n++) {
    await page.getByRole("button", { name: "Add a question" }).click();
    await expect(page.getByRole("heading", { level: 3, name: `Question ${n}` })).toBeVisible();
  }
  for (let n = 1; n <= 3; n++) {
    await replaceText(page, `Question ${n} prompt`, `What comes ${n}?`);
    await expect(
      page
        .locator(".question-item")
        .nth(n - 1)
        .getByRole("status"),
    ).toHaveText("Saved");
  }
  const first = page.locator(".question-item").first();
  await first.getByRole("button", { name: "Add a choice" }).click();
  await expect(first.getByRole("textbox", { name: "Choice C", exact: true })).toBeVisible();
  await first.getByRole("radio").nth(2).check();
  await expect(first.getByRole("status")).toHaveText("Saved");
  await expectAccessible(page);

  await page.reload();
  await expect(context.locator("strong")).toHaveText("before you start");
  await expect(context.locator("td").first()).toHaveText("Acid");
  await expect(context.locator("td").nth(1)).toHaveText("Neutralise");
  for (let n = 1; n <= 3; n++)
    await expect(page.getByRole("textbox", { name: `Question ${n} prompt` })).toHaveText(
      `What comes ${n}?`,
    );
  await expect(first.getByRole("radio").nth(2)).toBeChecked();

  // And the API agrees: what was shown is what is stored.
  const stored = await (await page.request.get(`/scenarios/${id}`)).json();
  expect(stored.context_html).toMatch(
    /^<p>Read this ?<strong> ?before you start<\/strong><\/p><table><tbody><tr><td>Acid<\/td><td>Neutralise<\/td><\/tr>/,
  );
  expect(stored.questions.map((q: { prompt_html: string }) => q.prompt_html)).toEqual([
    "<p>What comes 1?</p>",
    "<p>What comes 2?</p>",
    "<p>What comes 3?</p>",
  ]);
  expect(stored.questions[0].choices.map((c: { is_correct: boolean }) => c.is_correct)).toEqual([
    false,
    false,
    true,
  ]);
  expect(blocked).toEqual([]);
});

test("a stale tab's save shows the conflict and overwrites nothing until the author chooses", async ({
  page,
  context,
}) => {
  await signIn(page, AUTHOR);
  const id = await newScenario(page, "Two tabs");
  await page.getByRole("button", { name: "Add a question" }).click();
  await expect(page.getByRole("textbox", { name: "Question 1 prompt" })).toBeVisible();

  const stale = await context.newPage();
  await stale.goto(`/app/studio/scenarios/${id}`);
  await expect(stale.getByRole("textbox", { name: "Question 1 prompt" })).toHaveText(
    "New question",
  );

  await replaceText(page, "Question 1 prompt", "Written in the first tab");
  await expect(page.locator(".question-item").first().getByRole("status")).toHaveText("Saved");

  await replaceText(stale, "Question 1 prompt", "Written in the stale tab");
  const conflict = stale.locator(".conflict");
  await expect(conflict).toContainText("Changed in another tab or by someone else");
  await expect(conflict).toContainText("Written in the first tab");
  const prompt = async () =>
    (await (await page.request.get(`/scenarios/${id}`)).json()).questions[0].prompt_html;
  expect(await prompt()).toBe("<p>Written in the first tab</p>");

  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await expect(stale.locator(".question-item").first().getByRole("status")).toHaveText("Saved");
  expect(await prompt()).toBe("<p>Written in the stale tab</p>");
});

test("a learner opening the studio is told it is for authors", async ({ page }) => {
  await signIn(page, learner(2));
  await page.goto("/app/studio");
  await expect(
    page.getByRole("heading", { level: 1, name: "The studio is for authors" }),
  ).toBeVisible();
});

test("an edit the server did not get survives a reload and is then saved", async ({ page }) => {
  await signIn(page, AUTHOR);
  const id = await newScenario(page, "Offline edit");
  await page.getByRole("button", { name: "Add a question" }).click();
  await expect(page.getByRole("textbox", { name: "Question 1 prompt" })).toBeVisible();

  // The saves fail (as with no network): the edit stays in the page and in localStorage.
  const refuse = (route: import("@playwright/test").Route) =>
    route.request().method() === "PUT" ? route.abort() : route.fallback();
  await page.route("**/scenarios/*/questions/*", refuse);
  await replaceText(page, "Question 1 prompt", "Typed while offline");
  await expect(page.locator(".question-item").first().getByRole("status")).toContainText(
    "Not saved: no connection",
  );
  // Reloaded while the server is still unreachable: the edit comes back from localStorage.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Question 1 prompt" })).toHaveText(
    "Typed while offline",
  );
  await expect(page.locator(".question-item").first().getByRole("status")).toContainText(
    "Not saved",
  );
  const before = await (await page.request.get(`/scenarios/${id}`)).json();
  expect(before.questions[0].prompt_html).toBe("<p>New question</p>");
  // The server answers again: the kept edit is sent (a retry every few seconds).
  await page.unroute("**/scenarios/*/questions/*", refuse);
  await expect(page.locator(".question-item").first().getByRole("status")).toHaveText("Saved", {
    timeout: 15_000,
  });
  const stored = await (await page.request.get(`/scenarios/${id}`)).json();
  expect(stored.questions[0].prompt_html).toBe("<p>Typed while offline</p>");

  // Usable on a 360 px phone: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(360);
});

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

test("an image is uploaded, described, stored by its key and shown from the API", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  const id = await newScenario(page, "With a picture");
  await page.getByRole("textbox", { name: "Context", exact: true }).click();
  await page.keyboard.type("Look: ");
  page.once("dialog", (dialog) => dialog.accept("A red square"));
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Image" }).first().click();
  await (await chooser).setFiles({ name: "square.png", mimeType: "image/png", buffer: PNG });
  const shown = page.locator(".scenario-fields").getByRole("img", { name: "A red square" });
  await expect(shown).toBeVisible();
  await expect(shown).toHaveAttribute("src", /^\/api\/objects\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
  // The browser loaded it from /api/objects/… (same origin: the CSP allows it).
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(statusOf(page, ".scenario-fields")).toHaveText("Saved");

  const stored = await (await page.request.get(`/scenarios/${id}`)).json();
  const key = stored.context_html.match(/src="(objects\/[^"]+)"/)?.[1];
  expect(stored.context_html).toBe(`<p>Look: <img src="${key}" alt="A red square"></p>`);
  const bytes = await page.request.get(`/${key}`);
  expect(bytes.status()).toBe(200);
  expect(Buffer.from(await bytes.body()).equals(PNG)).toBe(true);
});

test("the list searches by title (kept on reload), duplicates and deletes after confirming", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  const id = await newScenario(page, "Forklift safety");
  await page.getByRole("button", { name: "Add a question" }).click();
  await page.getByRole("button", { name: "Add a question" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Question 2" })).toBeVisible();
  await replaceText(page, "Question 1 prompt", "Who may drive it?");
  await expect(page.locator(".question-item").first().getByRole("status")).toHaveText("Saved");

  // Duplicate question 1: the copy comes right after it; then move it to the end.
  await page.getByRole("button", { name: "Duplicate question 1" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Question 3" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Question 2 prompt" })).toHaveText(
    "Who may drive it?",
  );
  await page.getByRole("button", { name: "Move down question 2" }).click();
  await expect(page.getByRole("textbox", { name: "Question 3 prompt" })).toHaveText(
    "Who may drive it?",
  );
  const prompts = async () =>
    (await (await page.request.get(`/scenarios/${id}`)).json()).questions.map(
      (q: { prompt_html: string }) => q.prompt_html,
    );
  expect(await prompts()).toEqual([
    "<p>Who may drive it?</p>",
    "<p>New question</p>",
    "<p>Who may drive it?</p>",
  ]);

  await page.goto("/app/studio");
  await page.getByLabel("Search titles").fill("forklift");
  await expect(page).toHaveURL(/\/app\/studio\?q=forklift$/);
  await page.reload();
  await expect(page.getByLabel("Search titles")).toHaveValue("forklift");
  const cards = page.getByRole("list", { name: "Scenarios" }).getByRole("listitem");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("3"); // questions

  await page.getByRole("button", { name: "Duplicate Forklift safety" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Forklift safety (copy)" }),
  ).toBeVisible();
  await page.goto("/app/studio?q=forklift");
  await expect(cards).toHaveCount(2);

  await page.getByRole("button", { name: "Delete Forklift safety (copy)" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Forklift safety (copy)”?" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(cards).toHaveCount(2);
  await page.getByRole("button", { name: "Delete Forklift safety (copy)" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Forklift safety");
});

test("a refused save shows the server's message next to the field", async ({ page }) => {
  await signIn(page, AUTHOR);
  await newScenario(page, "Empty prompt");
  await page.getByRole("button", { name: "Add a question" }).click();
  const prompt = page.getByRole("textbox", { name: "Question 1 prompt" });
  await prompt.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await expect(page.locator(".question-item").first().getByRole("status")).toContainText(
    "Not saved",
  );
  await expect(prompt).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await prompt.getAttribute("aria-describedby")) as string;
  await expect(page.locator(`[id="${describedBy}"]`)).not.toBeEmpty();
});
