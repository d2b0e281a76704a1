import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "../../api/client";
import { ApiProvider } from "../../api/context";
import { ForgotPasswordPage } from "./ForgotPasswordPage";

afterEach(cleanup);

function renderPage(answer: () => Response, sent: string[]) {
  const fetchImpl = (async (request: Request) => {
    sent.push(`${new URL(request.url).pathname} ${await request.text()}`);
    return answer();
  }) as typeof fetch;
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test/api")}>
      <ForgotPasswordPage />
    </ApiProvider>,
  );
}

const json = (status: number, body: object, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

describe("ForgotPasswordPage", () => {
  it("posts the address and says what the server said happens next", async () => {
    const sent: string[] = [];
    renderPage(() => json(202, { detail: "A link is on its way." }), sent);
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send me a link" }));
    expect((await screen.findByRole("status")).textContent).toBe("A link is on its way.");
    expect(sent).toEqual(['/api/auth/password-resets {"email":"ada@example.com"}']);
  });

  it("shows the problem when the server refuses", async () => {
    renderPage(
      () =>
        json(
          429,
          { status: 429, detail: "Too many requests from your address." },
          "application/problem+json",
        ),
      [],
    );
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send me a link" }));
    expect(await screen.findByText("Too many requests from your address.")).toBeTruthy();
  });
});
