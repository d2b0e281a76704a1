import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "../../../api/client";
import { ApiProvider } from "../../../api/context";
import type { components } from "../../../api/schema";
import SharingPage from "./SharingPage";

const ID = "00000000-0000-0000-0000-000000000001";
const OWNER = "00000000-0000-0000-0000-00000000000a";
const CLASS = "00000000-0000-0000-0000-0000000000c1";

type AudienceRead = components["schemas"]["AudienceRead"];

const LINKED: AudienceRead = {
  scenario_id: ID,
  audience: "link",
  share_token: "tok",
  share_url: "http://quizflow.test/app/shared#token=tok",
  classes: [],
};

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" },
  });
}

function renderPage(meId: string, audience: AudienceRead = LINKED) {
  const fetchImpl = (async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === "/api/me")
      return json({ id: meId, email: "me@example.com", display_name: "Me", role: "author" });
    if (path === `/api/scenarios/${ID}/audience`) return json(audience);
    if (path === `/api/scenarios/${ID}/grants` && request.method === "PUT")
      return json(
        { status: 422, title: "Unprocessable", detail: "nobody@example.com is not an author" },
        422,
      );
    if (path === `/api/scenarios/${ID}`)
      return json({
        id: ID,
        title: "Drill",
        owner_id: OWNER,
        grants: [{ user_id: "u2", email: "coauthor@example.com", right: "results" }],
      });
    return json({ status: 404, title: "Not Found" }, 404);
  }) as typeof fetch;
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test/api")}>
      <QueryClientProvider
        client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <SharingPage scenarioId={ID} search="" />
      </QueryClientProvider>
    </ApiProvider>,
  );
}

afterEach(cleanup);

describe("SharingPage", () => {
  it("shows the share link and, to a co-author, the rights read-only", async () => {
    renderPage("00000000-0000-0000-0000-00000000000b");
    expect(((await screen.findByLabelText("Link for learners")) as HTMLInputElement).value).toBe(
      "http://quizflow.test/app/shared#token=tok",
    );
    expect((screen.getByLabelText("Whoever has the link") as HTMLInputElement).checked).toBe(true);
    expect(await screen.findByText("coauthor@example.com")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(screen.queryByLabelText("Author's email")).toBeNull();
    expect(screen.getByText(/Only the scenario's owner/)).toBeTruthy();
  });

  it("lets the owner add an author, and keeps the address when the server refuses it", async () => {
    renderPage(OWNER);
    expect(await screen.findByRole("button", { name: "Remove coauthor@example.com" })).toBeTruthy();
    const email = screen.getByLabelText("Author's email") as HTMLInputElement;
    fireEvent.change(email, { target: { value: "nobody@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByText("nobody@example.com is not an author")).toBeTruthy();
    expect(email.value).toBe("nobody@example.com");
  });

  it("lists the assigned classes as links to their pages, with their dates", async () => {
    const due = "2030-01-15T17:30:00+00:00";
    renderPage(OWNER, {
      ...LINKED,
      audience: "classes",
      share_token: null,
      share_url: null,
      classes: [{ class_id: CLASS, title: "Year 9 chemistry", open_at: null, due_at: due }],
    });
    const region = await screen.findByRole("region", { name: "Classes" });
    const item = within(within(region).getByRole("list", { name: "Classes" })).getByRole(
      "listitem",
    );
    const link = within(item).getByRole("link", { name: "Year 9 chemistry" });
    expect(link.getAttribute("href")).toBe(`/app/studio/classes/${CLASS}`);
    expect(link.getAttribute("dir")).toBe("auto");
    expect(item.querySelector("time")?.getAttribute("datetime")).toBe(due);
    const shown = new Intl.DateTimeFormat(undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    }).format(new Date(due));
    expect(item.textContent).toContain(`opens now, due ${shown}`);
    expect(within(region).queryByText(/assigned to no class/)).toBeNull();
  });

  it("says when no class has it, and warns that nobody can play it if only its classes may", async () => {
    renderPage(OWNER, { ...LINKED, audience: "classes", share_token: null, share_url: null });
    const region = await screen.findByRole("region", { name: "Classes" });
    expect(within(region).getByText(/It is assigned to no class/)).toBeTruthy();
    expect(within(region).getByRole("link", { name: "Your classes" }).getAttribute("href")).toBe(
      "/app/studio/classes",
    );
    expect(within(region).getByText(/No learner can play it yet/)).toBeTruthy();
    // A hint, not an alert: nothing went wrong, the author has a step left.
    expect(within(region).queryByRole("alert")).toBeNull();
  });

  it("does not warn about an unassigned scenario that every learner may play", async () => {
    renderPage(OWNER, { ...LINKED, audience: "everyone", share_token: null, share_url: null });
    const region = await screen.findByRole("region", { name: "Classes" });
    expect(within(region).getByText(/It is assigned to no class/)).toBeTruthy();
    expect(within(region).queryByText(/No learner can play it yet/)).toBeNull();
  });
});
