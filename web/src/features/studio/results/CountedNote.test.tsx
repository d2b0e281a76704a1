import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CountedNote } from "./CountedNote";

afterEach(cleanup);

describe("CountedNote", () => {
  it("gives the older of the two counts' times, and no recount when none is on its way", () => {
    render(
      <CountedNote
        counts={[
          { counted_at: "2026-12-07T15:04:00Z", refreshing: false },
          { counted_at: "2026-12-07T15:02:00Z", refreshing: false },
        ]}
      />,
    );
    const note = screen.getByRole("status");
    expect(note.querySelector("time")?.getAttribute("dateTime")).toBe("2026-12-07T15:02:00Z");
    expect(note.textContent).not.toMatch(/being counted/);
  });

  it("says newer numbers are being counted when either count is being redone", () => {
    render(
      <CountedNote
        counts={[undefined, { counted_at: "2026-12-07T15:02:00Z", refreshing: true }]}
      />,
    );
    expect(screen.getByRole("status").textContent).toMatch(
      /Learners have played since: newer numbers are being counted/,
    );
  });

  it("shows nothing before any count has come", () => {
    const { container } = render(<CountedNote counts={[undefined, undefined]} />);
    expect(container.textContent).toBe("");
  });
});
