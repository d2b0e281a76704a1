// Placeholder: replaced by the page's owner.
import { PageHeading } from "../../../components/PageHeading";

export default function ScenarioEditorPage(_props: { scenarioId: string; search: string }) {
  return <PageHeading title="Scenario">Scenario</PageHeading>;
}
