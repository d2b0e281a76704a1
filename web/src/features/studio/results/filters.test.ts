import { describe, expect, it } from "vitest";
import { apiQuery, pageText, readFilters, writeFilters } from "./filters";

describe("the attempts' filters in the URL", () => {
  it("reads what it knows and drops what is malformed", () => {
    expect(readFilters("?status=completed&version=2&learner=%20ada%20&page=3")).toEqual({
      status: "completed",
      version: 2,
      learner: "ada",
      page: 3,
    });
    expect(readFilters("?status=won&version=-1&page=x")).toEqual({
      status: null,
      version: null,
      learner: "",
      page: 1,
    });
  });
  it("writes only what differs from the defaults, and reads back the same", () => {
    expect(writeFilters({ status: null, version: null, learner: "", page: 1 })).toBe("");
    const filters = { status: "abandoned" as const, version: 1, learner: "a b", page: 2 };
    expect(writeFilters(filters)).toBe("?status=abandoned&version=1&learner=a+b&page=2");
    expect(readFilters(writeFilters(filters))).toEqual(filters);
  });
  it("keeps a class's scenario filter when it is an id", () => {
    const id = "0b6f9a52-7a35-4d1e-9c3f-2f1f0d9e8a11";
    expect(readFilters(`?scenario=${id}`).scenario).toBe(id);
    expect(readFilters("?scenario=nope").scenario).toBeUndefined();
    const filters = { status: null, version: null, learner: "", page: 1, scenario: id };
    expect(readFilters(writeFilters(filters))).toEqual(filters);
  });
  it("asks the API for one page", () => {
    expect(apiQuery({ status: null, version: 3, learner: "", page: 2 })).toEqual({
      version: 3,
      limit: 20,
      offset: 20,
    });
  });
  it("says which rows are shown", () => {
    expect(pageText(1, 0)).toBe("No attempts match.");
    expect(pageText(2, 45)).toBe("Attempts 21–40 of 45");
    expect(pageText(3, 45)).toBe("Attempts 41–45 of 45");
  });
});
