import { type Browser, expect, type Page, test } from "@playwright/test";
import { makeScenario, signInByApi } from "./flow-helpers";
import { expectAccessible, learner } from "./helpers";

// Copy writes to the clipboard; 127.0.0.1 is a secure context, so the API is there.
test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function publishedScenario(page: Page, csrf: string, title: string): Promise<string> {
  const made = await makeScenario(page, csrf, title, ["Is it safe?", "Call for help"]);
  const published = await page.request.post(`/scenarios/${made.scenarioId}/publish`, {
    headers: { "X-CSRF-Token": csrf },
  });
  expect(published.ok(), await published.text()).toBe(true);
  return made.scenarioId;
}

/** A fresh learner's page that opens `url`, signs in on the way, and comes back to it. */
async function learnerOpens(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await expect(page).toHaveURL(/\/app\/sign-in\?next=/);
  const who = learner(6);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test("an author shares a scenario by link; the learner signs in on the way and finds it", async ({
  page,
  browser,
}) => {
  const csrf = await signInByApi(page);
  const scenarioId = await publishedScenario(page, csrf, "Linked drill");
  await page.goto(`/app/studio/scenarios/${scenarioId}/sharing`);
  await expect(
    page.getByRole("heading", { level: 1, name: "Sharing: Linked drill" }),
  ).toBeVisible();
  await expectAccessible(page);

  // Keyboard only: arrows move within the radio group, Tab reaches Save, Enter saves.
  await page.getByLabel("Every learner").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Whoever has the link")).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Save audience" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Saved: Whoever has the link.")).toBeVisible();

  const field = page.getByLabel("Link for learners");
  await expect(field).toHaveValue(/\/app\/shared#token=/);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Link copied.")).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toBe(await field.inputValue());
  await expectAccessible(page);

  const learnerPage = await learnerOpens(browser, url);
  await expect(learnerPage.getByText("Linked drill is now in your scenarios.")).toBeVisible();
  await expect(learnerPage.getByRole("heading", { name: "Linked drill" })).toBeVisible();
  await expect(learnerPage.getByRole("button", { name: "Start Linked drill" })).toBeVisible();
  await learnerPage.context().close();

  // A new link: the old one adds the scenario to nobody's catalogue any more.
  await page.getByRole("button", { name: "Make a new link" }).click();
  await expect(field).not.toHaveValue(url);
});

test("a learner joins a class by its link and sees the class's scenario with its due date", async ({
  page,
  browser,
}) => {
  const csrf = await signInByApi(page);
  const headers = { "X-CSRF-Token": csrf };
  const scenarioId = await publishedScenario(page, csrf, "Class drill");
  const audience = await page.request.put(`/scenarios/${scenarioId}/audience`, {
    data: { audience: "classes" },
    headers,
  });
  expect(audience.ok(), await audience.text()).toBe(true);
  const made = await page.request.post("/classes", { data: { title: "Year 9 biology" }, headers });
  expect(made.ok(), await made.text()).toBe(true);
  const klass = (await made.json()) as { id: string; invitation_url: string };
  const assigned = await page.request.put(`/classes/${klass.id}/assignments`, {
    data: { scenario_id: scenarioId, due_at: "2030-01-17T18:00:00Z" },
    headers,
  });
  expect(assigned.ok(), await assigned.text()).toBe(true);

  // A wrong code first, typed into the join page: the alert says so and the code stays.
  const join = await learnerOpens(browser, "/app/join");
  await expect(join.getByRole("heading", { level: 1, name: "Join a class" })).toBeVisible();
  await join.getByLabel("Join code").fill("0000000000");
  await join.getByRole("button", { name: "Join" }).click();
  await expect(join.getByRole("alert")).toContainText("does not open any class");
  await expect(join.getByLabel("Join code")).toHaveValue("0000000000");
  await expectAccessible(join);

  const path = new URL(klass.invitation_url).pathname + new URL(klass.invitation_url).hash;
  expect(path).toMatch(/^\/app\/join#code=/);
  await join.goto(path);
  await expect(join.getByText("You joined Year 9 biology.")).toBeVisible();
  const section = join.getByRole("region", { name: "Year 9 biology" });
  await expect(section.getByRole("heading", { level: 3, name: "Class drill" })).toBeVisible();
  const due = await join.evaluate(() =>
    new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(
      new Date("2030-01-17T18:00:00Z"),
    ),
  );
  await expect(section.getByText(`Due ${due}`)).toBeVisible();
  await expect(join.getByRole("heading", { level: 2, name: "Other scenarios" })).toBeVisible();
  // Your data: the links' same-origin GETs work with the session cookie alone.
  for (const name of ["Your data (JSON)", "All your attempts (PDF)"]) {
    const href = await join.getByRole("link", { name }).getAttribute("href");
    const file = await join.request.get(href ?? "");
    expect(file.status(), `${href}`).toBe(200);
  }
  await expectAccessible(join);

  await join.setViewportSize({ width: 390, height: 844 });
  expect(await join.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await join.context().close();
});
