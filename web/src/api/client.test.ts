import { describe, expect, it } from "vitest";
import { ApiProblem, worthRetrying } from "./client";

describe("worthRetrying", () => {
  it("tries a dropped connection again, up to three times", () => {
    const offline = new TypeError("Failed to fetch");
    expect(worthRetrying(0, offline)).toBe(true);
    expect(worthRetrying(2, offline)).toBe(true);
    expect(worthRetrying(3, offline)).toBe(false);
  });

  it("does not retry a refusal, so its message shows at once", () => {
    expect(worthRetrying(0, { status: 403, title: "Forbidden", detail: "not yours" })).toBe(false);
    expect(worthRetrying(0, { status: 404, title: "Not Found" })).toBe(false);
    expect(worthRetrying(0, new ApiProblem("scenario x does not exist"))).toBe(false);
  });

  it("retries a server error", () => {
    expect(worthRetrying(1, { status: 503, title: "Service Unavailable" })).toBe(true);
  });
});
