// The tabs every scenario page shares: content, flow, preview, versions, results, sharing.
// Plain links (each page has its own URL, so a reload stays where it was), marked
// aria-current for screen readers.
import { Link } from "../../router";

const TABS = [
  { suffix: "", label: "Content" },
  { suffix: "/flow", label: "Flow" },
  { suffix: "/preview", label: "Preview" },
  { suffix: "/versions", label: "Publish & export" },
  { suffix: "/results", label: "Results" },
  { suffix: "/sharing", label: "Sharing" },
] as const;

export type ScenarioTab = (typeof TABS)[number]["suffix"];

export function ScenarioTabs({
  scenarioId,
  current,
}: {
  scenarioId: string;
  current: ScenarioTab;
}) {
  return (
    <nav aria-label="Scenario" className="tabs">
      <Link to="/studio">All scenarios</Link>
      {TABS.map((tab) => (
        <Link
          key={tab.suffix}
          to={`/studio/scenarios/${scenarioId}${tab.suffix}`}
          aria-current={tab.suffix === current ? "page" : undefined}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
