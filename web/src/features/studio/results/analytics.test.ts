import { describe, expect, it } from "vitest";
import { END_ID } from "../flow/graph";
import {
  arrowSize,
  edgeWidth,
  type PathAnalysis,
  reachedBars,
  type ScoreDistribution,
  scoreBars,
  trafficGraph,
} from "./analytics";
import { flagText, formatIndex, formatSeconds } from "./format";

const q = (n: number) => `00000000-0000-0000-0000-00000000000${n}`;

const paths: PathAnalysis = {
  version: 1,
  attempts: 4,
  completed: 3,
  abandoned: 0,
  in_progress: 1,
  first_question_id: q(1),
  counted_at: "2026-12-07T15:00:00Z",
  refreshing: false,
  questions: [
    {
      question_id: q(2),
      position: 2,
      prompt_text: "Two",
      reached: 3,
      stopped: 1,
      median_seconds: 4,
    },
    {
      question_id: q(1),
      position: 1,
      prompt_text: "One",
      reached: 4,
      stopped: 0,
      median_seconds: 75,
    },
  ],
  links: [
    { link_id: "l1", from_question_id: q(1), to_question_id: q(2), condition: "correct", taken: 3 },
    { link_id: "l2", from_question_id: q(1), to_question_id: null, condition: "default", taken: 0 },
  ],
};

describe("the results' numbers in words", () => {
  it("says each flag in words and nothing for none", () => {
    expect(flagText([])).toBe("");
    expect(flagText(["never_chosen", "chosen_by_strong"])).toBe(
      "Nobody chose this distractor; Strong learners chose this distractor more often than weak ones",
    );
  });
  it("shows an undefined index as a dash", () => {
    expect(formatIndex(null)).toBe("—");
    expect(formatIndex(66.666)).toBe("66.7");
    expect(formatIndex(-12.34)).toBe("-12.3");
  });
  it("writes durations in seconds, minutes and hours", () => {
    expect(formatSeconds(null)).toBe("—");
    expect(formatSeconds(42.4)).toBe("42 s");
    expect(formatSeconds(185)).toBe("3 min 5 s");
    expect(formatSeconds(3720)).toBe("1 h 2 min");
  });
});

describe("the charts' series", () => {
  it("labels score buckets by their inclusive range, the last one closed", () => {
    const scores: ScoreDistribution = {
      version: 1,
      max_score: 3,
      attempts: 3,
      mean: 2,
      median: 3,
      buckets: [
        { from: 0, to: 1, count: 1 },
        { from: 1, to: 2, count: 0 },
        { from: 2, to: 3, count: 2 },
      ],
    };
    expect(scoreBars(scores).map((b) => [b.label, b.value])).toEqual([
      ["0", 1],
      ["1", 0],
      ["2–3", 2],
    ]);
  });
  it("orders the drop-off by question position", () => {
    expect(reachedBars(paths).map((b) => [b.label, b.value])).toEqual([
      ["Q1", 4],
      ["Q2", 3],
    ]);
  });
});

describe("the traffic graph", () => {
  it("draws untaken links thin and the busiest widest", () => {
    expect(edgeWidth(0, 10)).toBe(1.5);
    expect(edgeWidth(10, 10)).toBe(10);
    expect(edgeWidth(5, 10)).toBeLessThan(edgeWidth(6, 10));
  });
  it("labels nodes and links with their traffic and keeps arrowheads one size", () => {
    const { nodes, edges } = trafficGraph(paths);
    expect(nodes.map((n) => n.id)).toEqual([q(1), q(2), END_ID]);
    expect(nodes[0]?.ariaLabel).toBe(
      "Question 1: One. Reached by 4, stopped here 0, median time 1 min 15 s",
    );
    const [taken, untaken] = edges;
    expect(taken?.ariaLabel).toBe("Link from Question 1 to Question 2, correct: taken 3 times");
    expect(untaken?.ariaLabel).toBe("Link from Question 1 to the end, otherwise: taken 0 times");
    expect(untaken?.className).toBe("untaken");
    for (const edge of edges) {
      expect(edge.markerEnd.markerUnits).toBe("userSpaceOnUse");
      // The arrow (40 % of its box) stands out from its line, however wide.
      expect(0.4 * edge.markerEnd.height).toBeGreaterThan(edge.style.strokeWidth + 2);
    }
    expect(0.4 * arrowSize(edgeWidth(10, 10))).toBeGreaterThan(edgeWidth(10, 10) + 2);
  });
  it("leaves the End node out when no link leads there", () => {
    const { nodes } = trafficGraph({
      ...paths,
      links: [paths.links[0] as PathAnalysis["links"][0]],
    });
    expect(nodes.map((n) => n.id)).toEqual([q(1), q(2)]);
  });
});
