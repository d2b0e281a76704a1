import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "../../api/client";
import { ApiProvider } from "../../api/context";
import { CatalogPage } from "./CatalogPage";

const entry = (id: string, title: string, extra: object = {}) => ({
  id,
  title,
  context_html: "",
  context_text: "",
  latest_version: 1,
  question_count: 2,
  ...extra,
});

function renderPage(groups: unknown[], search = "") {
  const fetchImpl = (async (request: Request) => {
    const path = new URL(request.url).pathname;
    const body = path === "/api/catalog/by-class" ? groups : path === "/api/attempts" ? [] : null;
    return new Response(JSON.stringify(body), {
      status: body ? 200 : 404,
      headers: { "Content-Type": "application/json" },
    });
  }) as typeof fetch;
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test/api")}>
      <QueryClientProvider client={new QueryClient()}>
        <CatalogPage search={search} />
      </QueryClientProvider>
    </ApiProvider>,
  );
}

afterEach(cleanup);

describe("CatalogPage", () => {
  it("groups by class, with dates, and holds back what has not opened", async () => {
    const klass = (is_open: boolean) => ({
      class_id: "c1",
      class_title: "Year 9",
      is_open,
      open_at: is_open ? null : "2030-01-10T08:00:00Z",
      due_at: "2030-01-17T18:00:00Z",
    });
    renderPage([
      {
        class_id: "c1",
        class_title: "Year 9",
        entries: [
          entry("s1", "Open drill", { classes: [klass(true)] }),
          entry("s2", "Later drill", { classes: [klass(false)], can_start: false }),
        ],
      },
      { class_id: null, class_title: null, entries: [entry("s3", "Free drill")] },
    ]);
    const year9 = await screen.findByRole("region", { name: "Year 9" });
    expect(within(year9).getByRole("heading", { level: 3, name: "Open drill" })).toBeTruthy();
    expect(within(year9).getByRole("button", { name: "Start Open drill" })).toBeTruthy();
    expect(within(year9).queryByRole("button", { name: "Start Later drill" })).toBeNull();
    expect(within(year9).getByText(/^Opens on .+ · Due /)).toBeTruthy();
    const other = screen.getByRole("region", { name: "Other scenarios" });
    expect(within(other).getByRole("button", { name: "Start Free drill" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Join a class" }).getAttribute("href")).toBe(
      "/app/join",
    );
  });

  it("stays one plain list without classes, and says what just joined", async () => {
    renderPage(
      [{ class_id: null, class_title: null, entries: [entry("s3", "Free drill")] }],
      "?shared=Free%20drill",
    );
    expect(await screen.findByRole("heading", { level: 2, name: "Free drill" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Other scenarios" })).toBeNull();
    expect(screen.getByText("Free drill is now in your scenarios.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Your data (JSON)" }).getAttribute("href")).toBe(
      "/api/me/data",
    );
  });
});
