// Import questions: choose a file or a Google Doc, see each part of it beside the question it
// becomes (with the warnings where they belong), fix and preview again, then import or cancel.
import { PageHeading } from "../../../components/PageHeading";
import { Link } from "../../../router";
import "./import.css";
import { ImportReview } from "./ImportReview";
import { ProblemMessage } from "./ProblemMessage";
import { SourcePicker } from "./SourcePicker";
import { useImportFlow } from "./useImportFlow";

const PROGRESS = {
  previewing: "Reading the file and finding its questions…",
  importing: "Importing…",
} as const;

export default function ImportPage(_props: { search: string }) {
  const flow = useImportFlow();
  return (
    <section className="import-page">
      <PageHeading title="Import questions">Import questions</PageHeading>
      <p>
        <Link to="/studio">Back to your scenarios</Link>
      </p>
      <SourcePicker
        onFile={flow.chooseFile}
        onGoogleDoc={flow.chooseGoogleDoc}
        disabled={flow.busy !== null}
      />
      <p role="status" aria-live="polite" className="quiet">
        {flow.busy ? PROGRESS[flow.busy] : ""}
      </p>
      <ProblemMessage error={flow.problem} />
      {flow.source && <ImportReview source={flow.source} flow={flow} />}
    </section>
  );
}
