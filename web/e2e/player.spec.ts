import { expect, test } from "@playwright/test";
import { answer, attemptIdOf, expectAccessible, learner, next, signIn } from "./helpers";

const FIRST = "What do you do first?";

test("a learner signs in, plays both branches of the demo, reloads mid-way and resumes", async ({
  page,
  browser,
}) => {
  await page.goto("/app/");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page);
  await signIn(page, learner(1));
  await expectAccessible(page);

  // Branch one, the best path, by keyboard alone: B -> the kit -> a text answer -> the end.
  await page.getByRole("button", { name: /Start/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText(FIRST)).toBeVisible();
  await expect(page).toHaveURL(/\/app\/attempts\//);
  await expect(page.getByRole("heading", { name: "Question 1 of 6" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("radio").first().focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown"); // B
  await expect(page.getByRole("radio", { name: /Warn the people nearby/ })).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const verdict = page.getByRole("heading", { level: 2, name: /Correct/ });
  await expect(verdict).toBeFocused();
  await expect(page.getByText("Yes: people first, then protect yourself.")).toBeVisible();
  await expect(page.getByText(/Alert, protect, then contain/)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "../docs/screenshots/player.png", fullPage: true });
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");

  await expect(page.getByText("Which items from the spill kit")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Question 3 of 6" })).toBeFocused();
  await answer(page, [/Sodium bicarbonate/, /Absorbent pads/, /Splash goggles/]);
  await expect(page.getByRole("heading", { level: 2, name: /Correct/ })).toBeVisible();
  await next(page);
  await expect(page.getByText("In a sentence")).toBeVisible();

  // A reload (or another device) resumes at the question the server is waiting for.
  await page.reload();
  await expect(page.getByText("In a sentence")).toBeVisible();
  await expect(page.getByText(FIRST)).toHaveCount(0);

  // Another device: the catalogue shows how far the attempt is, and Resume continues there.
  const phone = await (await browser.newContext()).newPage();
  await signIn(phone, learner(1));
  await expect(phone.getByText("In progress: question 5 of 6")).toBeVisible();
  await phone.getByRole("link", { name: /Resume/ }).click();
  await expect(phone.getByText("In a sentence")).toBeVisible();
  await phone.context().close();
  await page.getByLabel("Your answer").fill("It goes into the hazardous waste container.");
  await page.getByRole("button", { name: "Answer" }).click();
  await next(page);
  await expect(page.getByRole("heading", { name: "You finished the scenario" })).toBeVisible();
  await expect(page.locator(".path li")).toHaveCount(3);
  await expectAccessible(page);
  const report = await page.request.get(
    (await page.getByRole("link", { name: /report \(PDF\)/ }).getAttribute("href")) ?? "",
  );
  expect(report.status()).toBe(200);
  expect(report.headers()["content-type"]).toContain("application/pdf");

  // Branch two: the wrong first move, the retry loop, bare hands, the bin.
  await page.getByRole("link", { name: "Back to your scenarios" }).click();
  await page.getByRole("button", { name: /Play again/ }).click();
  await answer(page, [/Wipe it up quickly/]);
  await expect(page.getByRole("heading", { level: 2, name: /Not quite/ })).toBeVisible();
  await expect(page.getByText(/Paper towels do not neutralise acid/)).toBeVisible();
  await next(page);
  await answer(page, [/So that they keep away/]);
  await next(page);
  await answer(page, [/Sodium bicarbonate/, /Your bare hands/]);
  await expect(page.getByText("Never: acid burns skin.")).toBeVisible();
  await next(page);
  await expect(page.getByText("Acid touched your skin")).toBeVisible();
  await answer(page, [/Rinse with plenty/]);
  await next(page);
  await page.getByLabel("Your answer").fill("I throw it in the bin.");
  await page.getByRole("button", { name: "Answer" }).click();
  await next(page);
  await expect(page.getByText("Where does the residue go?")).toBeVisible();
  await answer(page, [/labelled hazardous-waste container/]);
  await next(page);
  await expect(page.getByRole("heading", { name: "You finished the scenario" })).toBeVisible();
  await expect(page.locator(".path li")).toHaveCount(6);
});

test("a learner cannot open another learner's attempt", async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, learner(3));
  await owner.getByRole("button", { name: /Start/ }).click();
  await expect(owner.getByText(FIRST)).toBeVisible();
  const theirs = attemptIdOf(owner);

  const other = await (await browser.newContext()).newPage();
  await signIn(other, learner(4));
  await other.goto(`/app/attempts/${theirs}`);
  await expect(other.getByRole("heading", { name: "Attempt not found" })).toBeVisible();
  await expect(other.getByText(FIRST)).toHaveCount(0);
  await expectAccessible(other);
  expect((await other.request.get(`/attempts/${theirs}`)).status()).toBe(404);
  expect((await other.request.get(`/attempts/${theirs}/report`)).status()).toBe(404);
});

test("on a 360 px phone the player fits the screen and stays accessible", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
  });
  const page = await context.newPage();
  await signIn(page, learner(5));
  await expectAccessible(page);
  await page.getByRole("button", { name: /Start/ }).click();
  await expect(page.getByText(FIRST)).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: "../docs/screenshots/player-phone.png" });
  await answer(page, [/Leave it to evaporate/]);
  await expect(page.getByRole("heading", { level: 2, name: /Not quite/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
});
