// The scenario's flow: the graph, the panel for what is selected, a keyboard way to add links,
// and the validation's problems (on the graph and in a list).
import "@xyflow/react/dist/style.css";
import "./flow.css";
import { type Connection, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import { PageHeading } from "../../../components/PageHeading";
import { ScenarioTabs } from "../ScenarioTabs";
import { AddLinkForm, type LinkDraft } from "./AddLinkForm";
import { FlowGraph } from "./FlowGraph";
import { type IssueRead, useCreateLink, useScenario, useValidation } from "./flowApi";
import { END_ID, orderedQuestions } from "./graph";
import { IssueList } from "./IssueList";
import { LinkPanel } from "./LinkPanel";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout";
import { QuestionPanel } from "./QuestionPanel";
import { type Selection, useFlowElements } from "./useFlowElements";

const NO_ISSUES: IssueRead[] = [];

export default function FlowPage({ scenarioId }: { scenarioId: string; search: string }) {
  return (
    <ReactFlowProvider>
      <FlowEditor scenarioId={scenarioId} />
    </ReactFlowProvider>
  );
}

function FlowEditor({ scenarioId }: { scenarioId: string }) {
  const scenario = useScenario(scenarioId);
  const validation = useValidation(scenarioId);
  const issues = validation.data?.issues ?? NO_ISSUES;
  const { nodes, edges, onNodesChange, onEdgesChange, tidy, select } = useFlowElements(
    scenario.data,
    issues,
  );
  const flow = useReactFlow();
  const create = useCreateLink(scenarioId);
  const [selection, setSelection] = useState<Selection>(null);
  const [byKeyboard, setByKeyboard] = useState(false);
  const [draft, setDraft] = useState<LinkDraft | null>(null);
  const questions = useMemo(
    () => (scenario.data ? orderedQuestions(scenario.data) : []),
    [scenario.data],
  );

  const onSelectionChange = useCallback(
    ({
      nodes: picked,
      edges: pickedEdges,
    }: {
      nodes: { id: string }[];
      edges: { id: string }[];
    }) => {
      const edge = pickedEdges[0];
      const node = picked.find((n) => n.id !== END_ID);
      setSelection(
        edge ? { kind: "edge", id: edge.id } : node ? { kind: "node", id: node.id } : null,
      );
    },
    [],
  );

  const onConnect = (connection: Connection) => {
    const source = questions.find((q) => q.id === connection.source);
    if (!source) return;
    const to = connection.target === END_ID ? null : connection.target;
    if (source.links.length === 0)
      create.mutate({ from_question_id: source.id, to_question_id: to, condition: "default" });
    else setDraft({ from: source.id, to, serial: Date.now() });
  };

  const show = (issue: IssueRead) => {
    const target: Selection = issue.link_id
      ? { kind: "edge", id: issue.link_id }
      : issue.question_id
        ? { kind: "node", id: issue.question_id }
        : null;
    if (!target) return;
    select(target);
    const ends =
      target.kind === "edge"
        ? (() => {
            const edge = edges.find((e) => e.id === target.id);
            return edge ? [edge.source, edge.target] : [];
          })()
        : [target.id];
    const points = ends.flatMap((id) => {
      const node = flow.getInternalNode(id);
      return node ? [node.internals.positionAbsolute] : [];
    });
    if (points.length === 0) return;
    const x = points.reduce((sum, p) => sum + p.x, 0) / points.length + NODE_WIDTH / 2;
    const y = points.reduce((sum, p) => sum + p.y, 0) / points.length + NODE_HEIGHT / 2;
    void flow.setCenter(x, y, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
  };

  if (scenario.isPending) return <p role="status">Loading the flow…</p>;
  if (scenario.isError)
    return (
      <section>
        <PageHeading title="Flow">Flow</PageHeading>
        <p role="alert">{scenario.error.message}</p>
      </section>
    );

  const data = scenario.data;
  const link =
    selection?.kind === "edge"
      ? data.questions.flatMap((q) => q.links).find((l) => l.id === selection.id)
      : undefined;
  const question =
    selection?.kind === "node" ? questions.find((q) => q.id === selection.id) : undefined;
  const closePanel = () => {
    select(null);
    setSelection(null);
  };

  return (
    <section className="flow-page">
      <PageHeading title={`Flow · ${data.title}`}>
        Flow of <span dir="auto">{data.title}</span>
      </PageHeading>
      <ScenarioTabs scenarioId={scenarioId} current="/flow" />
      <div className="flow-toolbar">
        <button type="button" className="secondary" onClick={tidy}>
          Tidy layout
        </button>
        <p className="hint">
          Drag from a question's lower handle to another question to link them; select a link to
          edit it.
        </p>
      </div>
      {create.error && <p role="alert">{create.error.message}</p>}
      <div className="flow-layout">
        <FlowGraph
          nodes={nodes}
          edges={edges}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onSelectionChange={onSelectionChange}
          onConnect={onConnect}
          onKeyboardOpen={setByKeyboard}
        />
        <div className="flow-side">
          {link && (
            <LinkPanel
              key={`${link.id}:${link.condition}:${link.to_question_id}:${link.priority}`}
              scenarioId={scenarioId}
              link={link}
              questions={questions}
              autoFocus={byKeyboard}
              onClose={closePanel}
            />
          )}
          {question && (
            <QuestionPanel
              key={question.id}
              scenarioId={scenarioId}
              question={question}
              questions={questions}
              isStart={data.first_question_id === question.id}
              autoFocus={byKeyboard}
              onAddLink={() => setDraft({ from: question.id, to: null, serial: Date.now() })}
              onClose={closePanel}
            />
          )}
          <IssueList issues={issues} loading={validation.isFetching} onShow={show} />
          <AddLinkForm
            key={draft?.serial ?? 0}
            scenarioId={scenarioId}
            questions={questions}
            draft={draft}
          />
        </div>
      </div>
    </section>
  );
}
