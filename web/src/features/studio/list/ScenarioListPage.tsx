// The studio's home: the author's scenarios, a search, and ways to start a new one.
import { PageHeading } from "../../../components/PageHeading";
import { Link } from "../../../router";
import { CreateScenarioForm } from "./CreateScenarioForm";
import { ScenarioRow } from "./ScenarioRow";
import { SearchBox } from "./SearchBox";
import { useScenarios } from "./useScenarios";

export default function ScenarioListPage({ search }: { search: string }) {
  const q = new URLSearchParams(search).get("q") ?? "";
  const scenarios = useScenarios(q);
  return (
    <section className="studio">
      <PageHeading title="Studio">Studio: your scenarios</PageHeading>
      <nav aria-label="Studio" className="studio-nav">
        <Link to="/studio/classes">Classes</Link>
      </nav>
      <div className="studio-start">
        <CreateScenarioForm />
        <p className="or-import">
          Or <Link to="/studio/import">import a Word, Google Docs or quiz file</Link>.
        </p>
      </div>
      <SearchBox q={q} />
      {scenarios.isPending ? (
        <p role="status">Loading…</p>
      ) : scenarios.error ? (
        <p role="alert">Your scenarios could not be loaded. Check your connection and reload.</p>
      ) : scenarios.data.length === 0 ? (
        <p role="status">{q ? `No scenario title contains “${q}”.` : "No scenario yet."}</p>
      ) : (
        <ul className="cards" aria-label="Scenarios">
          {scenarios.data.map((scenario) => (
            <ScenarioRow key={scenario.id} scenario={scenario} />
          ))}
        </ul>
      )}
    </section>
  );
}
