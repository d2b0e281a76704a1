// The layout's routes: a link that skips a question goes round it, and labels get room of
// their own instead of sitting on a question.
import { describe, expect, it } from "vitest";
import {
  type LayoutEdge,
  labelWidth,
  layoutGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
  type Point,
} from "./layout";

type Box = { x: number; y: number; width: number; height: number };

const chainWithShortcut: LayoutEdge[] = [
  { id: "q1-q2", source: "q1", target: "q2", label: "otherwise" },
  { id: "q2-q3", source: "q2", target: "q3", label: "otherwise" },
  { id: "q1-q3", source: "q1", target: "q3", label: "score >= 1" },
];

function nodeBox(at: Point): Box {
  return { x: at.x, y: at.y, width: NODE_WIDTH, height: NODE_HEIGHT };
}

function inside(point: Point, box: Box): boolean {
  return (
    point.x > box.x &&
    point.x < box.x + box.width &&
    point.y > box.y &&
    point.y < box.y + box.height
  );
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every point along the polyline, a pixel apart. */
function along(points: Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]] as [Point, Point];
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y)));
    for (let s = 0; s <= steps; s++)
      out.push({ x: a.x + ((b.x - a.x) * s) / steps, y: a.y + ((b.y - a.y) * s) / steps });
  }
  return out;
}

describe("layoutGraph", () => {
  it("routes a link that skips a question round that question, not through it", () => {
    const { positions, routes } = layoutGraph(["q1", "q2", "q3"], chainWithShortcut);
    const at = (id: string): Point => {
      const position = positions.get(id);
      if (!position) throw new Error(`${id} not laid out`);
      return position;
    };
    const [q1, q2, q3] = [at("q1"), at("q2"), at("q3")];
    const route = routes.get("q1-q3");
    expect(route).toBeDefined();
    // From Q1's lower handle, through the bends, to Q3's upper handle.
    const line = [
      { x: q1.x + NODE_WIDTH / 2, y: q1.y + NODE_HEIGHT },
      ...(route?.bends ?? []),
      { x: q3.x + NODE_WIDTH / 2, y: q3.y },
    ];
    const q2Box = nodeBox(q2);
    // The chain stands in one column: a straight line would run behind Q2.
    expect(along([line[0] as Point, line.at(-1) as Point]).some((p) => inside(p, q2Box))).toBe(
      true,
    );
    expect(along(line).filter((p) => inside(p, q2Box))).toEqual([]);
    expect(route?.sourceAt).toEqual(q1);
    expect(route?.targetAt).toEqual(q3);
  });

  it("gives every label a place clear of every question", () => {
    const { positions, routes } = layoutGraph(["q1", "q2", "q3"], chainWithShortcut);
    for (const edge of chainWithShortcut) {
      const label = routes.get(edge.id)?.label;
      expect(label, edge.id).toBeDefined();
      const width = labelWidth(edge.label);
      const box = { x: (label?.x ?? 0) - width / 2, y: (label?.y ?? 0) - 10, width, height: 20 };
      for (const [id, at] of positions)
        expect(overlaps(box, nodeBox(at)), `${edge.id} on ${id}`).toBe(false);
    }
  });

  it("leaves a link back up the page to the default curve", () => {
    const edges = [
      ...chainWithShortcut,
      { id: "q3-q1", source: "q3", target: "q1", label: "again" },
    ];
    const { routes } = layoutGraph(["q1", "q2", "q3"], edges);
    expect(routes.has("q3-q1")).toBe(false);
    expect(routes.has("q1-q3")).toBe(true);
  });
});
