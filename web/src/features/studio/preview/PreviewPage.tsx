// Placeholder: replaced by the page's owner.
import { PageHeading } from "../../../components/PageHeading";

export default function PreviewPage(_props: { scenarioId: string; search: string }) {
  return <PageHeading title="Preview">Preview</PageHeading>;
}
