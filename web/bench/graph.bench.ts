// The flow graph's budget: a 200-question branching scenario is interactive within 1.5 s of
// navigation start in headless Chromium. "Interactive": every node drawn and measured
// (the page's `flow:rendered` mark) and a click on a node has opened its panel
// (`flow:node-click` → `flow:panel-open`). Prints the figures and writes ../bench/results/graph.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { addLink, makeScenario, signInByApi } from "../e2e/flow-helpers";

const QUESTIONS = 200;
const BUDGET_MS = 1500;
const RUNS = 3;
const here = dirname(fileURLToPath(import.meta.url));
const results = resolve(here, "../../bench/results/graph.json");

async function markTime(page: import("@playwright/test").Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, {
    timeout: 30_000,
  });
  return page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? -1, name);
}

test(`a ${QUESTIONS}-question flow is interactive within ${BUDGET_MS} ms`, async ({ page }) => {
  const started = performance.now();
  const csrf = await signInByApi(page);
  const prompts = Array.from({ length: QUESTIONS }, (_, i) => `Benchmark question ${i + 1}`);
  const made = await makeScenario(page, csrf, "Graph benchmark", prompts);
  // Branching: besides the chain Q(n) → Q(n+1), answer B skips one ahead and C two (or ends).
  const ids = made.questionIds;
  for (const [index, id] of ids.entries()) {
    const skip = ids[index + 2] ?? null;
    await addLink(page, csrf, made.scenarioId, {
      from_question_id: id,
      to_question_id: skip,
      condition: "answer == B",
    });
    if (index % 3 === 0)
      await addLink(page, csrf, made.scenarioId, {
        from_question_id: id,
        to_question_id: ids[index + 3] ?? null,
        condition: "answer == C",
      });
  }

  console.log(`graph: scenario made in ${Math.round(performance.now() - started)} ms`);
  const url = `/app/studio/scenarios/${made.scenarioId}/flow`;
  const runs: { rendered: number; interactive: number }[] = [];
  // The first visit warms the server and the HTTP cache like an author's second visit.
  for (let run = 0; run <= RUNS; run++) {
    await page.goto(url);
    const rendered = await markTime(page, "flow:rendered");
    // 200 questions in a chain are taller than the canvas even at the smallest zoom: click
    // the node nearest the canvas's centre, whichever it is.
    const target = await page.evaluate(() => {
      const canvas = document.querySelector(".flow-canvas")?.getBoundingClientRect();
      if (!canvas) return null;
      const cx = canvas.x + canvas.width / 2;
      const cy = canvas.y + canvas.height / 2;
      let best: { id: string; d: number } | null = null;
      for (const node of document.querySelectorAll<HTMLElement>(".react-flow__node-question")) {
        const r = node.getBoundingClientRect();
        const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
        if (!best || d < best.d) best = { id: node.dataset.id ?? "", d };
      }
      return best?.id ?? null;
    });
    expect(target).toBeTruthy();
    await page.locator(`.react-flow__node[data-id="${target}"]`).click();
    // Interactive: drawn, plus how long the page took to answer the click (from the click
    // event to the panel's commit), leaving out the test driver's own latency in between.
    const clicked = await markTime(page, "flow:node-click");
    const answered = (await markTime(page, "flow:panel-open")) - clicked;
    const interactive = rendered + answered;
    const number = ids.indexOf(target ?? "") + 1;
    await expect(page.getByRole("heading", { level: 2, name: `Question ${number}` })).toBeVisible();
    if (run > 0) runs.push({ rendered, interactive });
  }
  // Where the time went on the last run: each request's end, since navigation start.
  const timeline = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map(
        (e) =>
          `${Math.round(e.startTime)}-${Math.round((e as PerformanceResourceTiming).responseEnd)} ${new URL(e.name).pathname}`,
      ),
  );
  console.log(`graph: requests\n  ${timeline.join("\n  ")}`);
  const nodes = await page.locator(".react-flow__node").count();
  const worst = Math.max(...runs.map((r) => r.interactive));
  const median = [...runs.map((r) => r.interactive)].sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  const renderedMedian = [...runs.map((r) => r.rendered)].sort((a, b) => a - b)[
    Math.floor(RUNS / 2)
  ];
  const passed = worst <= BUDGET_MS;
  const report = {
    benchmark: "graph",
    title: `Flow graph: ${QUESTIONS} questions interactive in headless Chromium`,
    when: new Date().toISOString(),
    passed,
    figures: [
      {
        name: "navigation start → all nodes rendered (median)",
        value: Math.round(renderedMedian ?? -1),
        unit: "ms",
        target: null,
        note: `${nodes} nodes in the DOM, ${RUNS} runs after a warm-up`,
        verdict: "",
      },
      {
        name: "navigation start → a clicked node's panel open (median)",
        value: Math.round(median ?? -1),
        unit: "ms",
        target: BUDGET_MS,
        note: "",
        verdict: "",
      },
      {
        name: "navigation start → a clicked node's panel open (worst)",
        value: Math.round(worst),
        unit: "ms",
        target: BUDGET_MS,
        note: "",
        verdict: passed ? "within budget" : "over budget",
      },
    ],
  };
  mkdirSync(dirname(results), { recursive: true });
  writeFileSync(results, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `graph: ${QUESTIONS} questions, ${nodes} nodes; rendered ${report.figures[0]?.value} ms, ` +
      `interactive ${report.figures[1]?.value} ms (worst ${report.figures[2]?.value} ms, budget ${BUDGET_MS} ms)`,
  );
  expect(nodes).toBe(QUESTIONS + 1); // every question and the End node
  expect(worst, "the flow page must be interactive within the budget").toBeLessThanOrEqual(
    BUDGET_MS,
  );
});
