// Placeholder: replaced by the page's owner.
import { PageHeading } from "../../../components/PageHeading";

export default function ImportPage(_props: { search: string }) {
  return <PageHeading title="Import">Import</PageHeading>;
}
