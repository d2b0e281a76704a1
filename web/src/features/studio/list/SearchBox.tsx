// The search lives in the URL (?q=), so a reload or a shared link shows the same list.
import { navigate } from "../../../router";

export function SearchBox({ q }: { q: string }) {
  return (
    <search className="search">
      <label htmlFor="scenario-search">Search titles</label>
      <input
        id="scenario-search"
        type="search"
        value={q}
        onChange={(event) => {
          const value = event.target.value;
          navigate(value ? `/studio?q=${encodeURIComponent(value)}` : "/studio", {
            replace: true,
          });
        }}
      />
    </search>
  );
}
