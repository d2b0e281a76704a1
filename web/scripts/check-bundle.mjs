// The player's first-load budget: the JavaScript index.html loads (entry + modulepreloads),
// gzipped, must stay under 120 kB. Run after `vite build`; exits 1 above the budget.
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
process.exit(total <= BUDGET_BYTES ? 0 : 1);
