import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "../../api/client";
import { ApiProvider } from "../../api/context";
import { SignInPage, safeNext, signInPath } from "./SignInPage";

function renderPage(options: { open_signup: boolean; oidc: boolean }, search = "") {
  const fetchImpl = (async (request: Request) => {
    expect(new URL(request.url).pathname).toBe("/api/auth/options");
    return new Response(JSON.stringify(options), {
      headers: { "Content-Type": "application/json" },
    });
  }) as typeof fetch;
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test/api")}>
      <QueryClientProvider client={new QueryClient()}>
        <SignInPage search={search} />
      </QueryClientProvider>
    </ApiProvider>,
  );
}

afterEach(cleanup);

describe("SignInPage", () => {
  it("offers the organisation's sign-in when the server has it, coming back to next", async () => {
    renderPage({ open_signup: false, oidc: true }, "?next=%2Fattempts%2Fabc");
    const link = await screen.findByRole("link", { name: "Sign in with your organisation" });
    expect(link.getAttribute("href")).toBe("/api/auth/oidc/start?next=%2Fapp%2Fattempts%2Fabc");
  });

  it("sends a join link's code by the tab, not by the servers' logs", async () => {
    renderPage({ open_signup: false, oidc: true }, "?next=%2Fjoin%23code%3DABCD234567");
    const link = await screen.findByRole("link", { name: "Sign in with your organisation" });
    expect(link.getAttribute("href")).toBe("/api/auth/oidc/start?next=%2Fapp%2Fjoin");
    link.addEventListener("click", (event) => event.preventDefault()); // jsdom does not navigate
    fireEvent.click(link);
    expect(sessionStorage.getItem("quizflow:returning-fragment")).toContain("#code=ABCD234567");
    sessionStorage.clear();
  });

  it("does not offer it otherwise", async () => {
    renderPage({ open_signup: true, oidc: false });
    await screen.findByRole("link", { name: "Create an account" });
    expect(screen.queryByRole("link", { name: "Sign in with your organisation" })).toBeNull();
  });

  it("says in words why the organisation's sign-in failed", () => {
    renderPage({ open_signup: false, oidc: true }, "?error=oidc_unverified_email");
    expect(screen.getByRole("alert").textContent).toMatch(/not verified your email address/);
  });
});

describe("signInPath", () => {
  it("comes back to the page with its #fragment (a join or share link's code)", () => {
    const path = signInPath("/join", "", "#code=ABCD234567");
    expect(path).toBe("/sign-in?next=%2Fjoin%23code%3DABCD234567");
    expect(safeNext(path.slice("/sign-in".length))).toBe("/join#code=ABCD234567");
  });
});
