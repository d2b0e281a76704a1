// Sharing: who may play the scenario (everyone, its classes, whoever has its link), the classes
// it is assigned to, and which other authors may edit it or read its results.
import { problemText } from "../../../api/client";
import { PageHeading } from "../../../components/PageHeading";
import { useSession } from "../../auth/session";
import { ScenarioTabs } from "../ScenarioTabs";
import "./sharing.css";
import { AssignedClasses } from "./AssignedClasses";
import { AudienceForm } from "./AudienceForm";
import { GrantList } from "./GrantList";
import { ShareLink } from "./ShareLink";
import { useSharing } from "./useSharing";

export default function SharingPage({ scenarioId }: { scenarioId: string; search: string }) {
  const state = useSharing(scenarioId);
  const { scenario, audience } = state;
  const me = useSession().data;
  const title = scenario.data?.title ?? "Scenario";
  const isOwner = !!me && (me.role === "admin" || me.id === scenario.data?.owner_id);
  const error = scenario.error ?? audience.error;
  return (
    <section className="sharing-page">
      <PageHeading title={`Sharing: ${title}`}>
        Sharing: <span dir="auto">{title}</span>
      </PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="/sharing" />
      {error ? (
        <p role="alert" className="error">
          {problemText(error)}
        </p>
      ) : null}
      {audience.data ? (
        <>
          <AudienceForm state={state} current={audience.data.audience} />
          {audience.data.audience === "link" && (
            <ShareLink state={state} url={audience.data.share_url} />
          )}
          <AssignedClasses classes={audience.data.classes} audience={audience.data.audience} />
        </>
      ) : (
        !error && <p role="status">Loading…</p>
      )}
      {scenario.data && <GrantList state={state} grants={scenario.data.grants} isOwner={isOwner} />}
    </section>
  );
}
