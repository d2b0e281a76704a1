import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeApi } from "../../../api/client";
import { ApiProvider } from "../../../api/context";
import { ConditionEditor, type ConditionValue } from "./ConditionEditor";

/** A fetch that answers POST /conditions/parse as the server does (CONTRACT.md item 4). */
function parserFetch(answer: (condition: string) => Response) {
  const seen: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    expect(new URL(request.url).pathname).toBe("/conditions/parse");
    const { condition } = (await request.json()) as { condition: string };
    seen.push(condition);
    return answer(condition);
  };
  return { fetchImpl: fetchImpl as typeof fetch, seen };
}

const problem = (column: number, detail: string) =>
  new Response(
    JSON.stringify({
      type: "https://quizflow.dev/problems/condition_syntax",
      title: "Unprocessable Content",
      status: 422,
      detail,
      code: "condition_syntax",
      column,
      expected: ["a choice label", "'['"],
    }),
    { status: 422, headers: { "Content-Type": "application/problem+json" } },
  );

function renderEditor(initial: string, fetchImpl: typeof fetch) {
  const onChange = vi.fn<(value: ConditionValue) => void>();
  render(
    <ApiProvider api={makeApi(fetchImpl, "http://quizflow.test")}>
      <ConditionEditor initial={initial} labels={["A", "B", "C"]} onChange={onChange} />
    </ApiProvider>,
  );
  return onChange;
}

afterEach(cleanup);

describe("ConditionEditor", () => {
  it("builds 'answer is A and score ≥ 3' into that condition's text", async () => {
    const user = userEvent.setup();
    const { fetchImpl, seen } = parserFetch(() => new Response("{}", { status: 500 }));
    const onChange = renderEditor("default", fetchImpl);

    await user.click(screen.getByRole("radio", { name: "when…" }));
    expect(screen.getByRole("combobox", { name: "Test 1" })).toHaveProperty("value", "answer_is");
    await user.selectOptions(screen.getByRole("combobox", { name: "Choice for Test 1" }), "A");
    await user.click(screen.getByRole("button", { name: "Add a test to Condition" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Test 2" }), "score");
    await user.selectOptions(screen.getByRole("combobox", { name: "Comparison for Test 2" }), ">=");
    const score = screen.getByRole("spinbutton", { name: "Score for Test 2" });
    await user.clear(score);
    await user.type(score, "3");

    const text = screen.getByRole("textbox", { name: "Condition as text" });
    expect(text).toHaveProperty("value", "answer == A and score >= 3");
    expect(onChange).toHaveBeenLastCalledWith({ text: "answer == A and score >= 3", valid: true });
    expect(seen).toEqual([]); // the builder's own text needs no round trip
  });

  it("shows the server's complaint about typed text at its column", async () => {
    const user = userEvent.setup();
    const { fetchImpl, seen } = parserFetch(() => problem(11, "expected a choice label or '['"));
    const onChange = renderEditor("default", fetchImpl);

    const text = screen.getByRole("textbox", { name: "Condition as text" });
    await user.clear(text);
    await user.type(text, "answer == ");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("at column 11: expected a choice label or '['");
    expect(text.getAttribute("aria-describedby")).toContain(alert.id);
    expect(text.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector(".caret")?.textContent).toBe(`answer == \n${" ".repeat(10)}^`);
    expect(seen.at(-1)).toBe("answer == ");
    expect(onChange).toHaveBeenLastCalledWith({ text: "answer == ", valid: false });
  });

  it("fills the builder from the server's tree of typed text", async () => {
    const user = userEvent.setup();
    const { fetchImpl } = parserFetch(
      () =>
        new Response(
          JSON.stringify({
            condition: "answer in [A, B] or not correct",
            tree: {
              kind: "or",
              operands: [
                { kind: "answer_in", labels: ["A", "B"] },
                { kind: "not", operand: { kind: "correct" } },
              ],
            },
          }),
          { status: 200, headers: { "Content-Type": "application/json" } },
        ),
    );
    const onChange = renderEditor("default", fetchImpl);
    const text = screen.getByRole("textbox", { name: "Condition as text" });
    await user.clear(text);
    await user.type(text, "answer in [[a,b] or not correct");

    const join = await screen.findByRole("combobox", { name: "Join for Condition" });
    expect(join).toHaveProperty("value", "or");
    expect(screen.getByRole("combobox", { name: "Test 1" })).toHaveProperty("value", "answer_in");
    expect(screen.getByRole("checkbox", { name: "not (Test 2)" })).toHaveProperty("checked", true);
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith({
        text: "answer in [a,b] or not correct",
        valid: true,
      }),
    );
  });
});
