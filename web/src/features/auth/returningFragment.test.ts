import { afterEach, describe, expect, it } from "vitest";
import { keepFragment, restoreFragment, withoutFragment } from "./returningFragment";

afterEach(() => {
  sessionStorage.clear();
  window.history.replaceState(null, "", "/");
});

describe("the fragment of a link signed in through the organisation", () => {
  it("is never part of what goes to the server", () => {
    expect(withoutFragment("/app/join#code=ABCD234567")).toBe("/app/join");
    expect(withoutFragment("/app/attempts/1?x=2")).toBe("/app/attempts/1?x=2");
  });

  it("comes back on the same address, once", () => {
    keepFragment("/app/join#code=ABCD234567");
    window.history.replaceState(null, "", "/app/join"); // where the server sends the browser
    restoreFragment();
    expect(window.location.hash).toBe("#code=ABCD234567");
    window.history.replaceState(null, "", "/app/join");
    restoreFragment();
    expect(window.location.hash).toBe("");
  });

  it("stays off another address", () => {
    keepFragment("/app/join#code=ABCD234567");
    window.history.replaceState(null, "", "/app/");
    restoreFragment();
    expect(window.location.hash).toBe("");
    expect(sessionStorage.length).toBe(0);
  });
});
