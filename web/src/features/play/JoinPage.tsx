// Joining a class: the invitation link (/app/join#code=…) joins at once; otherwise the learner
// types the code. Either way the code stays in the field when the server says no.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { navigate } from "../../router";
import { hashParam } from "./catalog";

function joinProblem(status: number, error: unknown): string {
  if (status === 404 || status === 422)
    return "That code does not open any class. Check it with your teacher and try again.";
  if (status === 429) return "Too many tries: please wait a minute and try again.";
  return problemText(error);
}

export function JoinPage() {
  const api = useApi();
  const queries = useQueryClient();
  const [code, setCode] = useState(() => hashParam(window.location.hash, "code"));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  async function join(value: string) {
    setBusy(true);
    setError(null);
    try {
      const {
        data,
        error: problem,
        response,
      } = await api.POST("/classes/join", {
        body: { code: value },
      });
      if (!data) {
        setError(joinProblem(response.status, problem));
        return;
      }
      await queries.invalidateQueries({ queryKey: ["catalog"] });
      // replace: the code leaves the history with the fragment.
      navigate(`/?joined=${encodeURIComponent(data.title)}`, { replace: true });
    } catch {
      setError("The server could not be reached. Try again.");
    } finally {
      setBusy(false);
    }
  }

  const joinRef = useRef(join);
  joinRef.current = join;

  // Once, even under StrictMode's double effects: a code from the link joins straight away.
  useEffect(() => {
    if (started.current || !code) return;
    started.current = true;
    void join(code);
  });

  // An invitation link opened while this page is showing changes only the #fragment.
  useEffect(() => {
    const follow = () => {
      const fromLink = hashParam(window.location.hash, "code");
      if (!fromLink) return;
      setCode(fromLink);
      void joinRef.current(fromLink);
    };
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (code.trim()) void join(code.trim());
  }

  return (
    <section className="narrow">
      <PageHeading title="Join a class">Join a class</PageHeading>
      <form onSubmit={submit}>
        <label htmlFor="join-code">Join code</label>
        <p id="join-code-hint" className="hint">
          Ten letters and digits from your teacher; dashes and spaces do not matter.
        </p>
        <input
          id="join-code"
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-describedby="join-code-hint"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
        />
        <div role="alert" className="error">
          {error}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Joining…" : "Join"}
        </button>
      </form>
      <p role="status">{busy ? "Joining the class…" : ""}</p>
    </section>
  );
}
