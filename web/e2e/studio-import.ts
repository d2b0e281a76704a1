// Shared by the studio's journeys: the demo author and importing a Word file through the
// side-by-side preview (the lead's editor journey reuses importDocx).
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

export const author = { email: "author@example.com", password: "demo-author-pass" };
// A Word file with a table inside one question and a picture inside another (python-docx on
// Word's template; how it is made: tests/fixtures/documents/make_fixtures.py).
export const STUDIO_QUIZ = fileURLToPath(
  new URL("../../tests/fixtures/documents/studio-quiz.docx", import.meta.url),
);

/** Import a .docx through the studio's side-by-side preview; resolves to the new scenario's id
 * once its editor is open. Leaves the page on the editor (for the lead's "saved unchanged"). */
export async function importDocx(page: Page, path: string, title?: string): Promise<string> {
  await page.goto("/app/studio/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import questions" })).toBeVisible();
  await page.getByLabel("Document or question bank").setInputFiles(path);
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Preview of / })).toBeFocused();
  if (title !== undefined) await page.getByLabel("Title of the new scenario").fill(title);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page).toHaveURL(/\/app\/studio\/scenarios\/[0-9a-f-]{36}$/);
  const id = page.url().match(/scenarios\/([0-9a-f-]{36})$/)?.[1];
  if (!id) throw new Error(`not on a scenario: ${page.url()}`);
  return id;
}
