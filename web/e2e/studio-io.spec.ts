import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { answer, expectAccessible, next, signIn } from "./helpers";
import { author, importDocx, STUDIO_QUIZ } from "./studio-import";

test("an author imports a Word file side by side, previews the draft, publishes and exports it", async ({
  page,
}) => {
  await signIn(page, author);

  // The import page with a preview shown: each part of the document beside its question.
  await page.goto("/app/studio/import");
  await page.getByLabel("Document or question bank").setInputFiles(STUDIO_QUIZ);
  await page.getByRole("button", { name: "Upload and preview" }).click();
  const heading = page.getByRole("heading", { level: 2, name: "Preview of studio-quiz.docx" });
  await expect(heading).toBeFocused();
  await expect(page.getByText(/3 questions, 0 warnings/)).toBeVisible();
  const pairs = page.getByRole("list", { name: "The document beside the questions it becomes" });
  const first = pairs
    .getByRole("listitem")
    .filter({ has: page.getByRole("article", { name: "Question 1" }) });
  await expect(first.getByRole("cell", { name: "Sodium" }).first()).toBeVisible();
  await expect(first.getByText("paragraph 3", { exact: true })).toBeVisible();
  await expect(first.getByRole("article").getByText("✓ correct")).toHaveCount(1);
  const second = pairs
    .getByRole("listitem")
    .filter({ has: page.getByRole("article", { name: "Question 2" }) });
  await expect(second.getByRole("img", { name: "A chequered square" }).first()).toBeAttached();
  await expectAccessible(page);
  await page.screenshot({ path: "../docs/screenshots/studio-import.png", fullPage: true });
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  if (desktop) await page.setViewportSize(desktop);

  // Cancel creates nothing; the import itself goes to the new scenario's editor.
  const before = await scenarioCount(page);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/app\/studio$/);
  expect(await scenarioCount(page)).toBe(before);
  const id = await importDocx(page, STUDIO_QUIZ, "Elements, imported");

  // As stored: the table and the picture are in the questions, the picture as an object key.
  const stored = await page.request.get(`/scenarios/${id}`);
  expect(stored.ok()).toBe(true);
  const scenario = await stored.json();
  expect(scenario.title).toBe("Elements, imported");
  const prompts: string[] = scenario.questions.map((q: { prompt_html: string }) => q.prompt_html);
  expect(prompts).toHaveLength(3);
  expect(prompts[0]).toContain("<table>");
  expect(prompts[0]).toContain("<td>Sodium</td>");
  expect(prompts[1]).toMatch(/<img src="objects\/[0-9a-f]{2}\/[0-9a-f]{64}\.png"/);

  // Preview the draft as a learner: from the start, two questions answered, nothing recorded.
  await page.goto(`/app/studio/scenarios/${id}/preview`);
  await expect(page.getByText("Preview — nothing is recorded.")).toBeVisible();
  await page.getByRole("button", { name: "Start the preview" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Question 1 of 3" })).toBeFocused();
  await expect(page.getByRole("cell", { name: "Na", exact: true })).toBeVisible();
  await expectAccessible(page);
  await answer(page, [/Sodium/]);
  await expect(page.getByRole("heading", { level: 2, name: /Correct/ })).toBeFocused();
  await next(page);
  await expect(page.getByRole("heading", { level: 2, name: "Question 2 of 3" })).toBeFocused();
  await answer(page, [/A circle/]);
  await expect(page.getByRole("heading", { level: 2, name: /Not quite/ })).toBeVisible();
  await expect(page.getByText("red and blue squares alternate.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Start from").selectOption({ index: 3 });
  await page.getByRole("button", { name: "Restart" }).click();
  await expect(page.getByText("Which of these is a noble gas?", { exact: true })).toBeVisible();
  const after = await (await page.request.get(`/scenarios/${id}`)).json();
  expect(after.learner_count).toBe(0);

  // Publish & export.
  await page.goto(`/app/studio/scenarios/${id}/versions`);
  await expect(page.getByText("✓ The draft can be published.")).toBeVisible();
  await expect(page.getByText("Not published yet.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Published as version 1." }),
  ).toBeVisible();
  const versions = page.getByRole("table");
  await expect(versions.getByRole("row")).toHaveCount(2);
  await expect(versions.getByRole("row").nth(1).getByRole("cell").nth(2)).toHaveText("3");
  await page.getByRole("button", { name: "Unpublish" }).click();
  await expect(page.getByText("Unpublished: learners no longer see it.")).toBeVisible();

  await page.getByLabel("Format").selectOption("txt");
  await expect(page.getByLabel(/Include the answers/)).toBeChecked();
  const saving = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  const download = await saving;
  expect(download.suggestedFilename()).toMatch(/\.txt$/);
  const text = readFileSync(await download.path(), "utf-8");
  expect(text).toContain("Which element has the symbol Na");
  expect(text).toMatch(/Answer: A/);
  expect(text).toMatch(/Answer: B/);
  await expect(
    page.getByRole("link", { name: `Download ${download.suggestedFilename()}` }),
  ).toBeVisible();
  await expectAccessible(page);
});

async function scenarioCount(page: Page): Promise<number> {
  const listed = await page.request.get("/scenarios");
  return ((await listed.json()) as unknown[]).length;
}

const GIFT = "::capital::Paris is the capital of {=France ~Spain ~Peru}";

test("problems show in the import page; a GIFT bank is fixed in its text, previewed again and imported", async ({
  page,
}) => {
  await signIn(page, author);
  await page.goto("/app/studio/import");
  const file = page.getByLabel("Document or question bank");
  const problem = page.getByRole("alert").filter({ hasText: /\S/ });

  await file.setInputFiles({
    name: "scan.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n%âãÏÓ\n"),
  });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(problem).toContainText("This kind of file cannot be imported.");

  await page
    .getByLabel("Link to the Google Doc")
    .fill("https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit");
  await page.getByRole("button", { name: "Fetch and preview" }).click();
  await expect(problem).toContainText("Google");

  await file.setInputFiles({
    name: "capitals.gift",
    mimeType: "text/plain",
    buffer: Buffer.from(GIFT),
  });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(
    page.getByRole("heading", { level: 2, name: "Preview of capitals.gift" }),
  ).toBeFocused();
  await expect(problem).toHaveCount(0);
  await expect(page.getByText("GIFT file: 1 question in 1 scenario")).toBeVisible();
  const source = page.getByLabel("Source text");
  await expect(source).toHaveValue(GIFT);
  await source.fill(`${GIFT}\n\n::rome::Rome is the capital of {=Italy ~Peru}\n`);
  await page.getByRole("button", { name: "Preview again" }).click();
  await expect(page.getByText("GIFT file: 2 questions in 1 scenario")).toBeVisible();
  const pairs = page.getByRole("list", { name: "The file beside the questions it becomes" });
  await expect(pairs.locator(":scope > li")).toHaveCount(2);
  await expect(pairs.getByText("::rome::Rome is the capital of {=Italy ~Peru}")).toBeVisible();

  // A phone's width: the two columns stack, nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page).toHaveURL(/\/app\/studio\/scenarios\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").at(-1);
  const stored = await (await page.request.get(`/scenarios/${id}`)).json();
  expect(stored.questions).toHaveLength(2);
});
