// Placeholder: replaced by the page's owner.
import { PageHeading } from "../../../components/PageHeading";

export default function VersionsPage(_props: { scenarioId: string; search: string }) {
  return <PageHeading title="Publish and export">Publish and export</PageHeading>;
}
