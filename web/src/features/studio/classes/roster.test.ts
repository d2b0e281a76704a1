import { describe, expect, it } from "vitest";
import { parseCsv, parsePasted, rowErrors } from "./roster";

describe("parsePasted", () => {
  it("splits on lines, commas and semicolons and drops blanks", () => {
    expect(parsePasted("a@x.org, b@x.org\n\n c@x.org;d@x.org\r\n")).toEqual([
      "a@x.org",
      "b@x.org",
      "c@x.org",
      "d@x.org",
    ]);
  });
});

describe("parseCsv", () => {
  it("takes the first column and skips a header row and blank rows", () => {
    const csv = '\uFEFFEmail,Name\r\na@x.org,Ann\r\n\r\n"b@x.org","Bo, B"\r\n';
    expect(parseCsv(csv)).toEqual(["a@x.org", "b@x.org"]);
  });
  it("keeps a first row that is an address", () => {
    expect(parseCsv("a@x.org\nb@x.org")).toEqual(["a@x.org", "b@x.org"]);
  });
});

describe("rowErrors", () => {
  it("names each refused row with what was sent", () => {
    const detail =
      "nothing was added: row 2: 'not-an-email' is not an email address; row 3: 'x' is not an email address";
    expect(rowErrors({ detail }, ["a@x.org", "not-an-email", "x"])).toEqual([
      { row: 2, entry: "not-an-email", message: "'not-an-email' is not an email address" },
      { row: 3, entry: "x", message: "'x' is not an email address" },
    ]);
  });
  it("reads request validation's errors by index", () => {
    const problem = {
      detail: "emails.1: String should match pattern '…'",
      errors: [{ loc: ["body", "emails", "1"], msg: "String should match pattern '…'" }],
    };
    expect(rowErrors(problem, ["a@x.org", "not-an-email"])).toEqual([
      { row: 2, entry: "not-an-email", message: "not an email address" },
    ]);
  });
  it("is empty for another problem", () => {
    expect(rowErrors({ detail: "nothing was added: the list is empty" }, [])).toEqual([]);
    expect(rowErrors(undefined, [])).toEqual([]);
  });
});
