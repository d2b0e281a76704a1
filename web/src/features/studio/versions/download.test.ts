import { describe, expect, it } from "vitest";
import { filenameFrom } from "./download";

describe("the filename of a download", () => {
  it("comes from Content-Disposition, the UTF-8 form first", () => {
    expect(filenameFrom('attachment; filename="quiz.txt"', "x")).toBe("quiz.txt");
    expect(filenameFrom("attachment; filename*=UTF-8''%C3%89l%C3%A9ments.pdf", "x")).toBe(
      "Éléments.pdf",
    );
    expect(filenameFrom("attachment; filename=plain.gift", "x")).toBe("plain.gift");
  });

  it("falls back when the header is missing or names nothing", () => {
    expect(filenameFrom(null, "scenario.txt")).toBe("scenario.txt");
    expect(filenameFrom("attachment", "scenario.txt")).toBe("scenario.txt");
  });
});
