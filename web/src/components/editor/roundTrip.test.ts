// Opening stored HTML in the editor and saving it without an edit must give the same HTML:
// the fields are real Word files run through the server's importer and sanitiser
// (scripts/export-editor-fixtures), plus sanitised fragments for tables, links and lists.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { roundTrip } from "./createEditor";

const repo = resolve(__dirname, "../../../..");
const python =
  process.env.QUIZFLOW_PYTHON ??
  [resolve(repo, ".venv/bin/python"), "/work/main/.venv/bin/python"].find(existsSync) ??
  "python3";

type Field = { where: string; html: string };
const fixtures: Record<string, Field[]> = JSON.parse(
  execFileSync(python, [resolve(repo, "scripts/export-editor-fixtures")], {
    env: { ...process.env, PYTHONPATH: resolve(repo, "src") },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }),
);

describe("the editor keeps stored HTML unchanged", () => {
  for (const [source, fields] of Object.entries(fixtures)) {
    it(`${source}: ${fields.length} fields`, { timeout: 60_000 }, () => {
      expect(fields.length).toBeGreaterThan(0);
      const changed = fields
        .map((field) => ({ ...field, saved: roundTrip(field.html) }))
        .filter((field) => field.saved !== field.html);
      expect(changed.slice(0, 3)).toEqual([]);
    });
  }
});
