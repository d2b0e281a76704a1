// A scenario's share link (/app/shared#token=…): opening it adds the scenario to the learner's
// catalogue, then the catalogue shows it.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link, navigate } from "../../router";
import { hashParam } from "./catalog";

export function SharedPage() {
  const api = useApi();
  const queries = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = hashParam(window.location.hash, "token");
    if (!token) {
      setError("This link has no scenario in it. Ask for the link again.");
      return;
    }
    void (async () => {
      try {
        const {
          data,
          error: problem,
          response,
        } = await api.POST("/catalog/shared", {
          body: { token },
        });
        if (!data) {
          setError(
            response.status === 404 || response.status === 422
              ? "This link no longer opens a scenario: ask its author for the new one."
              : problemText(problem),
          );
          return;
        }
        await queries.invalidateQueries({ queryKey: ["catalog"] });
        navigate(`/?shared=${encodeURIComponent(data.title)}`, { replace: true });
      } catch {
        setError("The server could not be reached. Reload the page to try again.");
      }
    })();
  });

  return (
    <section className="narrow">
      <PageHeading title="Shared scenario">Shared scenario</PageHeading>
      {error ? null : <p role="status">Adding the scenario to your catalogue…</p>}
      <div role="alert" className="error">
        {error}
      </div>
      {error && <Link to="/">Back to your scenarios</Link>}
    </section>
  );
}
