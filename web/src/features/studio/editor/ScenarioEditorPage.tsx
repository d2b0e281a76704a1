// The scenario's content: its title and context, then its questions, all autosaved.
import { PageHeading } from "../../../components/PageHeading";
import { ScenarioTabs } from "../ScenarioTabs";
import { QuestionList } from "./QuestionList";
import { ScenarioFields } from "./ScenarioFields";
import { useScenario } from "./useScenario";

export default function ScenarioEditorPage({ scenarioId }: { scenarioId: string; search: string }) {
  const scenario = useScenario(scenarioId);
  if (scenario.isPending) return <p role="status">Loading the scenario…</p>;
  if (scenario.error || !scenario.data)
    return (
      <p role="alert">
        This scenario could not be loaded. It may have been deleted; reload to try again.
      </p>
    );
  const data = scenario.data;
  return (
    <section className="studio scenario-editor">
      {/* A fixed title: the heading follows the saved title without moving focus to it. */}
      <PageHeading title="Scenario content">{data.title}</PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="" />
      <ScenarioFields key={scenarioId} scenario={data} />
      <QuestionList scenarioId={scenarioId} questions={data.questions} />
    </section>
  );
}
