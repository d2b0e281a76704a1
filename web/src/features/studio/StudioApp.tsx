// The studio: loaded only when an author opens /app/studio (its own chunk), so the learner's
// player never downloads the editor or the graph.
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link } from "../../router";
import { prefetchFlow } from "./scenarioQueries";

const ScenarioListPage = lazy(() => import("./list/ScenarioListPage"));
const ScenarioEditorPage = lazy(() => import("./editor/ScenarioEditorPage"));
const FlowPage = lazy(() => import("./flow/FlowPage"));
const PreviewPage = lazy(() => import("./preview/PreviewPage"));
const VersionsPage = lazy(() => import("./versions/VersionsPage"));
const ResultsPage = lazy(() => import("./results/ResultsPage"));
const AttemptsPage = lazy(() => import("./results/AttemptsPage"));
const AttemptPage = lazy(() => import("./results/AttemptPage"));
const ImportPage = lazy(() => import("./import/ImportPage"));
const SharingPage = lazy(() => import("./sharing/SharingPage"));
const ClassListPage = lazy(() => import("./classes/ClassListPage"));
const ClassPage = lazy(() => import("./classes/ClassPage"));

const SCENARIO =
  /^\/studio\/scenarios\/([0-9a-f-]{36})(?:\/(flow|preview|versions|results|sharing))?$/i;

const CLASS = /^\/studio\/classes\/([0-9a-f-]{36})(\/results)?$/i;

const ATTEMPTS = /^\/studio\/scenarios\/([0-9a-f-]{36})\/results\/attempts(?:\/([0-9a-f-]{36}))?$/i;

/** The studio's page for a path under /studio (the path without the /app prefix). */
export default function StudioApp({ path, search }: { path: string; search: string }) {
  const api = useApi();
  const queries = useQueryClient();
  const flowOf = path.match(SCENARIO)?.[2] === "flow" ? path.match(SCENARIO)?.[1] : undefined;
  // While rendering, not in an effect: React holds the commit back while the lazy pages load,
  // and the graph's data need not wait for its code. prefetchFlow does nothing when cached.
  if (flowOf) prefetchFlow(queries, api, flowOf);
  return (
    <Suspense fallback={<p role="status">Loading the studio…</p>}>{page(path, search)}</Suspense>
  );
}

function page(path: string, search: string) {
  if (path === "/studio" || path === "/studio/") return <ScenarioListPage search={search} />;
  if (path === "/studio/import") return <ImportPage search={search} />;
  if (path === "/studio/classes") return <ClassListPage />;
  const inClass = path.match(CLASS);
  if (inClass?.[1]) {
    const classId = inClass[1];
    if (inClass[2]) return <AttemptsPage key={classId} source={{ classId }} search={search} />;
    return <ClassPage key={classId} classId={classId} />;
  }
  const attempts = path.match(ATTEMPTS);
  if (attempts?.[1]) {
    const [, id, attemptId] = attempts;
    if (attemptId) return <AttemptPage key={attemptId} scenarioId={id} attemptId={attemptId} />;
    return <AttemptsPage key={id} source={{ scenarioId: id }} search={search} />;
  }
  const match = path.match(SCENARIO);
  const id = match?.[1];
  if (id) {
    const tab = match[2];
    if (tab === "flow") return <FlowPage key={id} scenarioId={id} search={search} />;
    if (tab === "preview") return <PreviewPage key={id} scenarioId={id} search={search} />;
    if (tab === "results") return <ResultsPage key={id} scenarioId={id} search={search} />;
    if (tab === "sharing") return <SharingPage key={id} scenarioId={id} search={search} />;
    if (tab === "versions") return <VersionsPage key={id} scenarioId={id} search={search} />;
    return <ScenarioEditorPage key={id} scenarioId={id} search={search} />;
  }
  return (
    <section>
      <PageHeading title="Not found">Page not found</PageHeading>
      <Link to="/studio">Back to your scenarios</Link>
    </section>
  );
}
