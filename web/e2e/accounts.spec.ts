import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test("an invited learner opens the link, chooses a password and is signed in", async ({
  browser,
  request,
}) => {
  // The admin invites over the API, signed in with a cookie session like the browser.
  const signedIn = await request.post("/auth/sign-in", {
    data: { email: "admin@example.com", password: "e2e-admin-password" },
  });
  const { csrf_token } = (await signedIn.json()) as { csrf_token: string };
  const withoutToken = await request.post("/auth/invitations", {
    data: { email: "invited@example.com", role: "learner" },
  });
  expect(withoutToken.status()).toBe(403); // a cookie alone cannot change anything
  const invited = await request.post("/auth/invitations", {
    data: { email: "invited@example.com", role: "learner" },
    headers: { "X-CSRF-Token": csrf_token },
  });
  expect(invited.status()).toBe(201);
  const { url } = (await invited.json()) as { url: string };

  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Welcome: choose a password" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Your name").fill("Ines");
  await page.getByLabel("Password (at least 10 characters)").fill("ines's passphrase");
  await page.getByLabel("The same password again").fill("ines's passphrase");
  await page.getByRole("button", { name: "Save and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your scenarios" })).toBeVisible();
  await expect(page.getByText("Ines")).toBeVisible();

  // Signing out ends the session: the app asks to sign in again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/app/");
  await expect(page).toHaveURL(/\/app\/sign-in/);
});

test("with open sign-up on, a newcomer creates a learner account", async ({ page }) => {
  await page.goto("/app/sign-in");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email").fill("newcomer@example.com");
  await page.getByLabel("Password (at least 10 characters)").fill("a newcomer's passphrase");
  await page.getByRole("button", { name: "Create the account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your scenarios" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Start/ })).toBeVisible();
});

test("a wrong password is said plainly, and the page stays accessible", async ({ page }) => {
  await page.goto("/app/sign-in");
  await page.getByLabel("Email").fill("learner@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("wrong email or password");
  await expectAccessible(page);
});

test("forgot your password: the page asks for the address and says what happens", async ({
  page,
}) => {
  await page.goto("/app/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Forgot your password?" }),
  ).toBeVisible();
  await page.getByLabel("Email").fill("learner1@example.com");
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/auth/password-resets"));
  await page.getByRole("button", { name: "Send me a link" }).click();
  expect((await sent).method()).toBe("POST");
  // The e2e server sends no mail: the answer says an admin issues reset links.
  await expect(page.getByRole("status")).toContainText("ask an admin for a reset link");
  await expectAccessible(page);
});
