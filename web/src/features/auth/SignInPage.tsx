import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { API_PREFIX, problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { BASE, Link, navigate } from "../../router";
import { keepFragment, withoutFragment } from "./returningFragment";

/** Only paths inside the app: a `next` pointing elsewhere is ignored (no open redirect). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** The sign-in page's address that comes back here afterwards, #fragment included: join and
 * share links carry their code there. */
export function signInPath(path: string, search: string, hash: string): string {
  return `/sign-in?next=${encodeURIComponent(path + search + hash)}`;
}

/** The organisation's sign-in, back at `next`; its #fragment goes by the tab, not the URL. */
function organisationSignIn(search: string): string {
  const next = withoutFragment(BASE + safeNext(search));
  return `${API_PREFIX}/auth/oidc/start?next=${encodeURIComponent(next)}`;
}

/** What went wrong on the way back from the organisation's sign-in (`?error=` from the API). */
const ORGANISATION_ERRORS: Record<string, string> = {
  oidc_state: "That sign-in took too long or was started elsewhere. Please try again.",
  oidc_denied: "Your organisation did not sign you in.",
  oidc_unverified_email:
    "Your organisation has not verified your email address, so it cannot be used here.",
  oidc_failed: "Signing in with your organisation did not work. Please try again.",
  too_many_attempts: "Too many sign-in attempts from here: please wait a minute and try again.",
};

export function organisationError(search: string): string | null {
  const code = new URLSearchParams(search).get("error");
  if (code === null) return null;
  return ORGANISATION_ERRORS[code] ?? ORGANISATION_ERRORS.oidc_failed ?? null;
}

export function SignInPage({ search }: { search: string }) {
  const api = useApi();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(() => organisationError(search));
  const [busy, setBusy] = useState(false);
  const options = useQuery({
    queryKey: ["auth-options"],
    queryFn: async () =>
      (await api.GET("/auth/options")).data ?? { open_signup: false, oidc: false },
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
      {options.data?.oidc && (
        <p>
          {/* A full page load, not the app's router: the server sends the browser on to the
              organisation's sign-in page. */}
          <a
            className="button"
            href={organisationSignIn(search)}
            onClick={() => keepFragment(BASE + safeNext(search))}
          >
            Sign in with your organisation
          </a>
        </p>
      )}
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      {options.data?.open_signup && (
        <p>
          New here? <Link to="/sign-up">Create an account</Link>
        </p>
      )}
    </section>
  );
}
