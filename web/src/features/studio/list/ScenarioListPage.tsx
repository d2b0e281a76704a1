// Placeholder: replaced by the page's owner.
import { PageHeading } from "../../../components/PageHeading";

export default function ScenarioListPage(_props: { search: string }) {
  return <PageHeading title="Your scenarios">Your scenarios</PageHeading>;
}
