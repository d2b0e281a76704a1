// The player's first-load budget: the JavaScript index.html loads (entry + modulepreloads),
// gzipped, must stay under 120 kB. The studio's: the JavaScript a browser loads to open its
// heaviest page (entry + StudioApp chunk + the page's chunk + all their static imports, read
// from Vite's manifest), under 350 kB; the results page has its own 350 kB budget too. Run after `vite build`; exits 1 above either budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 120_000;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = [
  ...html.matchAll(
    /<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/app\/([^"]+\.js)"/g,
  ),
].map((m) => m[1]);
if (scripts.length === 0) {
  console.error("check-bundle: no script found in dist/index.html");
  process.exit(1);
}
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}: ${(size / 1000).toFixed(1)} kB gzipped`);
}
const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
console.log(
  `player first load: ${(total / 1000).toFixed(1)} kB gzipped JS, ${verdict} the ${BUDGET_BYTES / 1000} kB budget`,
);

const STUDIO_BUDGET_BYTES = 350_000;
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
const gzipped = new Map();
const sizeOf = (file) => {
  if (!gzipped.has(file))
    gzipped.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gzipped.get(file);
};
/** The chunks a manifest entry loads before it runs: itself and its static imports, deeply. */
const closure = (key, into = new Set()) => {
  const chunk = manifest[key];
  if (!chunk || into.has(key)) return into;
  into.add(key);
  for (const imported of chunk.imports ?? []) closure(imported, into);
  return into;
};
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const studioKey = "src/features/studio/StudioApp.tsx";
const pages = Object.keys(manifest).filter((key) =>
  /^src\/features\/studio\/[^/]+\/[A-Za-z]+Page\.tsx$/.test(key),
);
if (!entryKey || !manifest[studioKey] || pages.length === 0) {
  console.error("check-bundle: the manifest has no entry, StudioApp or studio page");
  process.exit(1);
}
// Pages with their own budget besides the studio-wide one (the results page's charts and
// traffic graph must not creep up unnoticed).
const PAGE_BUDGETS = { "src/features/studio/results/ResultsPage.tsx": 350_000 };
let heaviest = { page: "", bytes: 0 };
let pagesOk = true;
for (const page of pages) {
  const keys = new Set([...closure(entryKey), ...closure(studioKey), ...closure(page)]);
  const bytes = [...keys].reduce((sum, key) => sum + sizeOf(manifest[key].file), 0);
  console.log(`  studio ${page}: ${(bytes / 1000).toFixed(1)} kB gzipped JS`);
  if (bytes > heaviest.bytes) heaviest = { page, bytes };
  const budget = PAGE_BUDGETS[page];
  if (budget !== undefined && bytes > budget) {
    console.log(`  ${page} is OVER its ${budget / 1000} kB budget`);
    pagesOk = false;
  }
}
for (const page of Object.keys(PAGE_BUDGETS)) {
  if (!pages.includes(page)) {
    console.error(`check-bundle: ${page} (budgeted) is not in the manifest`);
    pagesOk = false;
  }
}
const studioOk = heaviest.bytes <= STUDIO_BUDGET_BYTES;
console.log(
  `studio heaviest page (${heaviest.page}): ${(heaviest.bytes / 1000).toFixed(1)} kB gzipped JS, ${studioOk ? "within" : "OVER"} the ${STUDIO_BUDGET_BYTES / 1000} kB budget`,
);
process.exit(total <= BUDGET_BYTES && studioOk && pagesOk ? 0 : 1);
