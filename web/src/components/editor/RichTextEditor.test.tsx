// The toolbar as an author uses it: a toggle formats the selection and says it is on, undo
// takes it back, and arrow keys move between the buttons (one tab stop).
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeApi } from "../../api/client";
import { ApiProvider } from "../../api/context";
import { RichTextEditor } from "./RichTextEditor";

// jsdom lays nothing out; ProseMirror asks where the selection is to scroll it into view.
const noRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] });
Range.prototype.getClientRects = noRects as unknown as () => DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();
document.elementFromPoint = () => null;

afterEach(cleanup);

function setup(value: string) {
  const onChange = vi.fn<(html: string) => void>();
  render(
    <ApiProvider api={makeApi()}>
      <RichTextEditor label="Prompt" value={value} onChange={onChange} />
    </ApiProvider>,
  );
  return { onChange, user: userEvent.setup() };
}

describe("RichTextEditor", () => {
  it("bolds the selection, reports it pressed, and undo restores the text", async () => {
    const { onChange, user } = setup("<p>hello</p>");
    const field = screen.getByRole("textbox", { name: "Prompt" });
    await user.click(field);
    await user.keyboard("{Control>}a{/Control}");
    const bold = screen.getByRole("button", { name: "Bold" });
    expect(bold.getAttribute("aria-pressed")).toBe("false");
    await user.click(bold);
    expect(onChange).toHaveBeenLastCalledWith("<p><strong>hello</strong></p>");
    expect(bold.getAttribute("aria-pressed")).toBe("true");
    await user.click(screen.getByRole("button", { name: "Undo" }));
    expect(onChange).toHaveBeenLastCalledWith("<p>hello</p>");
    expect(bold.getAttribute("aria-pressed")).toBe("false");
  });

  it("is one tab stop whose buttons the arrow keys move between", async () => {
    const { user } = setup("<p>x</p>");
    const toolbar = screen.getByRole("toolbar", { name: "Prompt: formatting" });
    const bold = screen.getByRole("button", { name: "Bold" });
    expect(bold.getAttribute("tabindex")).toBe("0");
    expect(screen.getByRole("button", { name: "Italic" }).getAttribute("tabindex")).toBe("-1");
    bold.focus();
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Italic" }));
    await user.keyboard("{ArrowLeft}{ArrowLeft}");
    // From the first, left wraps to the last enabled button (Redo is disabled: nothing to redo).
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Image" }));
    await user.keyboard("{Home}");
    expect(document.activeElement).toBe(bold);
    expect(toolbar.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
  });

  it("writes nothing when the author changes nothing", () => {
    const { onChange } = setup(
      `<p>H<sub>2</sub>O <img src="objects/ab/ab${"0".repeat(62)}.png" alt=""></p>`,
    );
    expect(onChange).not.toHaveBeenCalled();
    const img = document.querySelector(".rte-content img");
    expect(img?.getAttribute("src")).toBe(`/api/objects/ab/ab${"0".repeat(62)}.png`);
  });
});
