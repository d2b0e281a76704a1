import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "../../../api/client";
import { ApiProvider } from "../../../api/context";
import { AddMembersForm } from "./AddMembersForm";

const CLASS = "00000000-0000-4000-8000-0000000000c1";

function renderForm(answer: (emails: string[]) => Response) {
  const sent: string[][] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { emails } = (await request.json()) as { emails: string[] };
    sent.push(emails);
    return answer(emails);
  };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={makeApi(fetchImpl as typeof fetch, "http://quizflow.test")}>
        <AddMembersForm classId={CLASS} />
      </ApiProvider>
    </QueryClientProvider>,
  );
  return sent;
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });

afterEach(cleanup);

describe("adding members", () => {
  it("shows each refused row and keeps the pasted text", async () => {
    const sent = renderForm(() =>
      json(
        {
          type: "about:blank",
          title: "Unprocessable",
          status: 422,
          code: "validation_error",
          detail: "emails.1: String should match pattern",
          errors: [{ loc: ["body", "emails", "1"], msg: "String should match pattern" }],
        },
        422,
      ),
    );
    const field = screen.getByLabelText(/Email addresses/);
    await userEvent.type(field, "a@x.org, nope");
    await userEvent.click(screen.getByRole("button", { name: "Add members" }));
    expect((await screen.findByRole("alert")).textContent).toContain(
      "Row 2 (nope): not an email address",
    );
    expect((field as HTMLTextAreaElement).value).toBe("a@x.org, nope");
    expect(sent).toEqual([["a@x.org", "nope"]]);
  });

  it("lists the welcome links of new accounts and empties the field", async () => {
    renderForm((emails) =>
      json(
        {
          added: [],
          already_members: [],
          invitations: emails.map((e) => ({ email: e, url: `http://q.test/welcome#${e}` })),
        },
        200,
      ),
    );
    const field = screen.getByLabelText(/Email addresses/);
    await userEvent.type(field, "new@x.org");
    await userEvent.click(screen.getByRole("button", { name: "Add members" }));
    await screen.findByText("http://q.test/welcome#new@x.org");
    screen.getByRole("button", { name: "Copy link for new@x.org" });
    expect((field as HTMLTextAreaElement).value).toBe("");
  });
});
