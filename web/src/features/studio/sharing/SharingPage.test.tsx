import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "../../../api/client";
import { ApiProvider } from "../../../api/context";
import SharingPage from "./SharingPage";

const ID = "00000000-0000-0000-0000-000000000001";
const OWNER = "00000000-0000-0000-0000-00000000000a";

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" },
  });
}

function renderPage(meId: string) {
  const fetchImpl = (async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === "/api/me")
      return json({ id: meId, email: "me@example.com", display_name: "Me", role: "author" });
    if (path === `/api/scenarios/${ID}/audience`)
      return json({
        scenario_id: ID,
        audience: "link",
        share_token: "tok",
        share_url: "http://quizflow.test/app/shared#token=tok",
      });
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
});
