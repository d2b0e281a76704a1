// A bar chart drawn as plain SVG (no chart library: see docs/web.md), with its numbers in a
// table beside it. The SVG is one image with an accessible name; the table is what a screen
// reader (or anyone who wants the exact figures) reads.
import { useId } from "react";
import type { Bar } from "./analytics";

const BAR_WIDTH = 28;
const GAP = 10;
const HEIGHT = 160;
const AXIS = 28;

export function BarChart({
  title,
  bars,
  max,
  labelHeader,
  valueHeader,
  format = (v) => `${v}`,
}: {
  title: string;
  bars: Bar[];
  /** The value axis' top (default: the largest bar). */
  max?: number;
  labelHeader: string;
  valueHeader: string;
  format?: (value: number) => string;
}) {
  const id = useId();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const width = Math.max(bars.length * (BAR_WIDTH + GAP) + GAP, 120);
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div className="chart-body">
        <svg
          role="img"
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(", ")}`}
          viewBox={`0 0 ${width} ${HEIGHT + AXIS}`}
          width={width}
          height={HEIGHT + AXIS}
        >
          <line x1={0} y1={HEIGHT} x2={width} y2={HEIGHT} className="chart-axis" />
          {bars.map((bar, i) => {
            const h = (bar.value / top) * (HEIGHT - 16);
            const x = GAP + i * (BAR_WIDTH + GAP);
            return (
              <g key={bar.key}>
                <rect x={x} y={HEIGHT - h} width={BAR_WIDTH} height={h} className="chart-bar" />
                <text x={x + BAR_WIDTH / 2} y={HEIGHT - h - 3} className="chart-value">
                  {format(bar.value)}
                </text>
                <text x={x + BAR_WIDTH / 2} y={HEIGHT + 16} className="chart-label">
                  {bar.label}
                </text>
              </g>
            );
          })}
        </svg>
        <table className="chart-table">
          <caption className="visually-hidden">{title}, as numbers</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{format(bar.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
