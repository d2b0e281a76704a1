import { describe, expect, it } from "vitest";
import { isoToLocal, localToIso } from "./dates";

describe("localToIso", () => {
  it("is null for an empty field and undefined for garbage", () => {
    expect(localToIso("")).toBeNull();
    expect(localToIso("tomorrow")).toBeUndefined();
  });
  it("keeps the moment the author meant, with the browser's offset", () => {
    const iso = localToIso("2027-01-10T08:30") as string;
    expect(iso).toMatch(/^2027-01-10T08:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso).getTime()).toBe(new Date(2027, 0, 10, 8, 30).getTime());
  });
});

describe("isoToLocal", () => {
  it("round-trips a local value", () => {
    expect(isoToLocal(localToIso("2027-06-01T23:05") as string)).toBe("2027-06-01T23:05");
  });
  it("is empty for null", () => {
    expect(isoToLocal(null)).toBe("");
  });
});
