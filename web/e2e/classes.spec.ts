// The studio's classes: an author makes a class, adds learners (a bad row refused, then fixed;
// one added with the keyboard only), copies the join code, assigns the demo scenario with a
// due date, reads the class's results once a learner has played, and finds the class on the
// scenario's Sharing tab.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { signInByApi } from "./flow-helpers";
import { expectAccessible, learner } from "./helpers";
import { author } from "./studio-import";

const baseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8123)}`;
const DEMO = "Lab safety: a chemical spill";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("an author runs a class: members, join code, an assignment, its results", async ({ page }) => {
  test.setTimeout(60_000);
  await signInByApi(page, author);
  await page.goto("/app/studio");
  await page
    .getByRole("navigation", { name: "Studio" })
    .getByRole("link", { name: "Classes" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Your classes" })).toBeVisible();
  await page.getByLabel("New class title").fill("Year 9 chemistry");
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Class: Year 9 chemistry" }),
  ).toBeFocused();
  const classId = page.url().match(/classes\/([0-9a-f-]{36})$/)?.[1];
  expect(classId).toBeTruthy();

  // The join code is shown and copied as shown.
  const code = (await page.locator(".join-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[0-9A-Z]{10}$/);
  await page.getByRole("button", { name: "Copy code" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  // A bad row refuses the whole list, names the row, and keeps the text.
  const emails = page.getByLabel(/^Email addresses/);
  await emails.fill("learner7@example.com, not-an-email");
  await page.getByRole("button", { name: "Add members" }).click();
  await expect(page.getByRole("region", { name: "Members" }).getByRole("alert")).toContainText(
    "Row 2 (not-an-email)",
  );
  await expect(emails).toHaveValue("learner7@example.com, not-an-email");
  await emails.fill("learner7@example.com");
  await page.getByRole("button", { name: "Add members" }).click();
  await expect(page.getByText("1 added.")).toBeVisible();
  const members = page.getByRole("list", { name: "Members" });
  await expect(members).toContainText("learner7@example.com");
  await expect(emails).toHaveValue("");

  // Keyboard only: from the page's heading, Tab to the addresses, type, Tab, Enter.
  await page.getByRole("heading", { level: 1 }).focus();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.id === "member-emails")) break;
  }
  await expect(emails).toBeFocused();
  await page.keyboard.type("learner8@example.com");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(members).toContainText("learner8@example.com");

  // The demo scenario, due on a day and time in the browser's zone.
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: DEMO });
  await page.getByLabel("Due (optional)").fill("2030-01-15T17:30");
  await page.getByRole("button", { name: "Assign" }).click();
  const assigned = page.getByRole("list", { name: "Assignments" }).getByRole("listitem");
  await expect(assigned).toContainText(DEMO);
  await expect(assigned.locator("time")).toHaveAttribute("datetime", /^2030-01-15T/);
  await expect(assigned).toContainText("2030");

  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });

  // learner7 starts the assigned scenario; the class's results list that attempt.
  const options = await page.getByRole("combobox", { name: "Scenario" }).locator("option").all();
  let scenarioId = "";
  for (const o of options)
    if ((await o.textContent()) === DEMO) scenarioId = (await o.getAttribute("value")) ?? "";
  const api = await playwrightRequest.newContext({ baseURL });
  const signedIn = await api.post("/auth/sign-in", { data: learner(7) });
  const { csrf_token } = (await signedIn.json()) as { csrf_token: string };
  const started = await api.post("/attempts", {
    data: { scenario_id: scenarioId },
    headers: { "X-CSRF-Token": csrf_token },
  });
  expect(started.status(), await started.text()).toBe(201);
  const attemptId = ((await started.json()) as { id: string }).id;
  await api.dispose();

  await page.getByRole("link", { name: "Results" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Attempts: Year 9 chemistry" }),
  ).toBeVisible();
  await expect(page.getByText("Attempts 1–1 of 1")).toBeVisible();
  await page
    .getByRole("row", { name: /learner7@example\.com/ })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(
    new RegExp(`/studio/scenarios/${scenarioId}/results/attempts/${attemptId}$`),
  );

  // The scenario's Sharing tab names the class, with the due date, as a link to its page.
  await page.goto(`/app/studio/scenarios/${scenarioId}/sharing`);
  const inClasses = page.getByRole("region", { name: "Classes" });
  const classLink = inClasses.getByRole("link", { name: "Year 9 chemistry" });
  await expect(classLink).toBeVisible();
  await expect(inClasses.locator("time")).toHaveAttribute("datetime", /^2030-01-15T/);
  await expectAccessible(page);
  await classLink.click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Class: Year 9 chemistry" }),
  ).toBeVisible();

  // Deleting asks first, then goes back to the list.
  await page.getByRole("button", { name: "Delete class" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete class" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your classes" })).toBeVisible();
  await expect(page.getByText("No class yet.")).toBeVisible();
});
