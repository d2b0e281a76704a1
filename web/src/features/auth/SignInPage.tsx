import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link, navigate } from "../../router";

/** Only paths inside the app: a `next` pointing elsewhere is ignored (no open redirect). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInPage({ search }: { search: string }) {
  const api = useApi();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useQuery({
    queryKey: ["auth-options"],
    queryFn: async () => (await api.GET("/auth/options")).data ?? { open_signup: false },
    staleTime: Number.POSITIVE_INFINITY,
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { data, error: problem } = await api.POST("/auth/sign-in", {
      body: { email: String(form.get("email")), password: String(form.get("password")) },
    });
    setBusy(false);
    if (!data) {
      setError(problemText(problem));
      return;
    }
    client.setQueryData(["me"], data.user);
    navigate(safeNext(search), { replace: true });
  }

  return (
    <section className="narrow">
      <PageHeading title="Sign in">Sign in</PageHeading>
      <form onSubmit={submit} noValidate={false}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required dir="auto" />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <div role="alert" className="error">
          {error}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="hint">Forgot your password? Ask an admin for a reset link.</p>
      {options.data?.open_signup && (
        <p>
          New here? <Link to="/sign-up">Create an account</Link>
        </p>
      )}
    </section>
  );
}
