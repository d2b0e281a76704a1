import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeApi } from "../../../api/client";
import { ApiProvider } from "../../../api/context";
import type { LinkRead, QuestionRead } from "./flowApi";
import { LinkPanel } from "./LinkPanel";

const SCENARIO = "00000000-0000-4000-8000-000000000001";
const Q1 = "00000000-0000-4000-8000-0000000000a1";
const Q2 = "00000000-0000-4000-8000-0000000000a2";
const LINK = "00000000-0000-4000-8000-0000000000f1";

const link: LinkRead = {
  id: LINK,
  from_question_id: Q1,
  to_question_id: Q2,
  condition: "default",
  priority: 0,
};

function question(id: string, position: number, links: LinkRead[]): QuestionRead {
  return {
    id,
    position,
    prompt_html: `<p>Question at ${position}</p>`,
    prompt_text: `Question at ${position}`,
    is_multiple_choice: true,
    multi_select: false,
    explanation: null,
    points: 1,
    choices: ["A", "B"].map((label) => ({
      id: `${id.slice(0, -2)}${label}${label}`,
      label,
      body: label,
      is_correct: label === "A",
      feedback: null,
    })),
    links,
  } as QuestionRead;
}

type Seen = { method: string; path: string; body: unknown };

/** A fetch that answers link writes as the server would, and records what it was sent. */
function recordingFetch() {
  const seen: Seen[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = await request.text();
    const body = text ? JSON.parse(text) : null;
    seen.push({ method: request.method, path: new URL(request.url).pathname, body });
    if (request.method === "DELETE") return new Response(null, { status: 204 });
    return new Response(JSON.stringify({ ...link, ...(body as object) }), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fetchImpl: fetchImpl as typeof fetch, seen };
}

function renderPanel(fetchImpl: typeof fetch) {
  const onClose = vi.fn();
  const queries = new QueryClient();
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test")}>
      <QueryClientProvider client={queries}>
        <LinkPanel
          scenarioId={SCENARIO}
          link={link}
          questions={[question(Q1, 0, [link]), question(Q2, 1, [])]}
          autoFocus={false}
          onClose={onClose}
        />
      </QueryClientProvider>
    </ApiProvider>,
  );
  return onClose;
}

afterEach(cleanup);

describe("LinkPanel", () => {
  it("saves a changed condition with PATCH and the new text", async () => {
    const user = userEvent.setup();
    const { fetchImpl, seen } = recordingFetch();
    renderPanel(fetchImpl);
    expect(
      screen.getByRole("heading", { name: "Link from Question 1 to Question 2" }),
    ).toBeTruthy();
    const save = screen.getByRole("button", { name: "Save link" });
    expect(save).toHaveProperty("disabled", true); // nothing changed yet

    await user.click(screen.getByRole("radio", { name: "when…" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Choice for Test 1" }), "B");
    await user.click(save);

    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({
      method: "PATCH",
      path: `/scenarios/${SCENARIO}/links/${LINK}`,
      body: { condition: "answer == B" },
    });
  });

  it("sends a new target and priority, and only what changed", async () => {
    const user = userEvent.setup();
    const { fetchImpl, seen } = recordingFetch();
    renderPanel(fetchImpl);
    await user.selectOptions(screen.getByRole("combobox", { name: "Leads to" }), "The end");
    const priority = screen.getByRole("spinbutton", { name: /Priority/ });
    await user.clear(priority);
    await user.type(priority, "5");
    await user.click(screen.getByRole("button", { name: "Save link" }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.body).toEqual({ to_question_id: null, priority: 5 });
  });

  it("deletes the link with DELETE and closes", async () => {
    const user = userEvent.setup();
    const { fetchImpl, seen } = recordingFetch();
    const onClose = renderPanel(fetchImpl);
    await user.click(screen.getByRole("button", { name: "Delete link" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(seen).toEqual([
      { method: "DELETE", path: `/scenarios/${SCENARIO}/links/${LINK}`, body: null },
    ]);
  });
});
