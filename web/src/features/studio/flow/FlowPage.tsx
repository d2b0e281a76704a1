// Placeholder: replaced by the page's owner.
import { PageHeading } from "../../../components/PageHeading";

export default function FlowPage(_props: { scenarioId: string; search: string }) {
  return <PageHeading title="Flow">Flow</PageHeading>;
}
