// Publish & export: what blocks publishing, the publish / unpublish buttons, the versions
// published so far, and the draft exported as a file.
import { problemText } from "../../../api/client";
import { PageHeading } from "../../../components/PageHeading";
import { ScenarioTabs } from "../ScenarioTabs";
import "./versions.css";
import { ExportMenu } from "./ExportMenu";
import { PublishControls } from "./PublishControls";
import { useVersions } from "./useVersions";
import { ValidationSummary } from "./ValidationSummary";
import { VersionList } from "./VersionList";

export default function VersionsPage({ scenarioId }: { scenarioId: string; search: string }) {
  const state = useVersions(scenarioId);
  const { scenario, validation, versions } = state;
  const title = scenario.data?.title ?? "Scenario";
  return (
    <section className="versions-page">
      <PageHeading title={`Publish & export: ${title}`}>
        Publish & export: <span dir="auto">{title}</span>
      </PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="/versions" />
      {scenario.error ? (
        <p role="alert" className="error">
          {problemText(scenario.error)}
        </p>
      ) : null}
      {validation.data ? (
        <ValidationSummary scenarioId={scenarioId} validation={validation.data} />
      ) : (
        <p role="status">
          {validation.error ? problemText(validation.error) : "Checking the draft…"}
        </p>
      )}
      <PublishControls state={state} canPublish={validation.data?.publishable ?? false} />
      {versions.data && <VersionList versions={versions.data} />}
      <ExportMenu scenarioId={scenarioId} />
    </section>
  );
}
