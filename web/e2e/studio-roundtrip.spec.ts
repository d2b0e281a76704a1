import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { author, importDocx, STUDIO_QUIZ } from "./studio-import";

type Stored = {
  context_html: string;
  questions: {
    prompt_html: string;
    explanation: string | null;
    choices: { body: string; feedback: string | null }[];
  }[];
};

/** Every piece of HTML the editor shows, in one list, in page order. */
const fields = (s: Stored): string[] => [
  s.context_html,
  ...s.questions.flatMap((q) => [
    q.prompt_html,
    q.explanation ?? "",
    ...q.choices.flatMap((c) => [c.body, c.feedback ?? ""]),
  ]),
];

// The architecture's promise: Word content (a table, a picture) normalised to HTML for the
// editor survives being opened and saved in it. The editor writes only what the server's
// sanitiser keeps, so one edit changes that one place and nothing else.
test("a Word file with a table and a picture, imported and saved in the editor, is unchanged", async ({
  page,
}) => {
  await signIn(page, author);
  const id = await importDocx(page, STUDIO_QUIZ, "Round trip");
  const imported: Stored = await (await page.request.get(`/api/scenarios/${id}`)).json();
  const withTable = imported.questions.findIndex((q) => q.prompt_html.includes("<table>"));
  const withImage = imported.questions.findIndex((q) => q.prompt_html.includes('src="objects/'));
  expect(withTable).toBeGreaterThanOrEqual(0);
  expect(withImage).toBeGreaterThanOrEqual(0);

  // The picture shows, served from storage to its author.
  const image = page
    .getByRole("textbox", { name: `Question ${withImage + 1} prompt`, exact: true })
    .locator(`img[src^="/api/objects/"]`);
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Opening the page saved nothing.
  await page.waitForTimeout(1500); // longer than the autosave's debounce
  expect(fields(await (await page.request.get(`/api/scenarios/${id}`)).json())).toEqual(
    fields(imported),
  );

  // One character typed at the start of the table question's prompt and of the picture's,
  // each saved: everything else is as imported, byte for byte.
  for (const index of [withTable, withImage]) {
    const prompt = page.getByRole("textbox", { name: `Question ${index + 1} prompt`, exact: true });
    await prompt.click();
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.type("¤");
    await expect(page.locator(".question-item").nth(index).getByRole("status")).toHaveText("Saved");
  }
  const saved: Stored = await (await page.request.get(`/api/scenarios/${id}`)).json();
  const edited = fields(saved);
  expect(edited.filter((html) => html.includes("¤"))).toHaveLength(2);
  expect(edited.map((html) => html.replace("¤", ""))).toEqual(fields(imported));

  // And a reload shows the same content again.
  await page.reload();
  await expect(
    page
      .getByRole("textbox", { name: `Question ${withTable + 1} prompt`, exact: true })
      .locator("td")
      .first(),
  ).toBeVisible();
});
