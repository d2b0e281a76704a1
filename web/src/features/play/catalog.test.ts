import { describe, expect, it } from "vitest";
import { byClass, dateLabels, hashParam } from "./catalog";

const entry = (classes: { is_open: boolean; open_at: string | null; due_at: string | null }[]) => ({
  id: "s1",
  title: "First aid",
  context_html: "",
  context_text: "",
  latest_version: 1,
  question_count: 3,
  classes: classes.map((c, i) => ({ class_id: `c${i}`, class_title: `Class ${i}`, ...c })),
});

describe("hashParam", () => {
  it("reads a value from the fragment, with or without #", () => {
    expect(hashParam("#code=ABCD-1234", "code")).toBe("ABCD-1234");
    expect(hashParam("token=xyz&x=1", "token")).toBe("xyz");
  });
  it("is empty when the fragment lacks it", () => {
    expect(hashParam("", "code")).toBe("");
    expect(hashParam("#token=abc", "code")).toBe("");
  });
  it("decodes percent-escapes", () => {
    expect(hashParam("#code=ab%20cd", "code")).toBe("ab cd");
  });
});

describe("dateLabels", () => {
  it("says the due date of that class's assignment, in the given locale", () => {
    const e = entry([{ is_open: true, open_at: null, due_at: "2027-01-17T18:00:00Z" }]);
    expect(dateLabels(e, "c0", "en-GB")).toEqual(["Due 17 Jan 2027"]);
  });
  it("says when a closed assignment opens", () => {
    const e = entry([
      { is_open: false, open_at: "2027-01-10T08:00:00Z", due_at: "2027-01-17T18:00:00Z" },
    ]);
    expect(dateLabels(e, "c0", "en-GB")).toEqual(["Opens on 10 Jan 2027", "Due 17 Jan 2027"]);
  });
  it("says nothing outside a class or without dates", () => {
    const e = entry([{ is_open: true, open_at: null, due_at: null }]);
    expect(dateLabels(e, "c0")).toEqual([]);
    expect(dateLabels(e, null)).toEqual([]);
  });
});

describe("byClass", () => {
  it("keeps classes with entries and gathers the rest", () => {
    const e = entry([]);
    const groups = byClass([
      { class_id: "c0", class_title: "Year 9", entries: [e] },
      { class_id: "c1", class_title: "Empty", entries: [] },
      { class_id: null, class_title: null, entries: [e] },
    ]);
    expect(groups.classes.map((g) => g.class_title)).toEqual(["Year 9"]);
    expect(groups.other).toHaveLength(1);
  });
});
