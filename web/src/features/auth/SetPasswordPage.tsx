import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { navigate } from "../../router";

/** The page an invitation (/welcome) or reset link (/reset) opens; the token is in #token=. */
export function SetPasswordPage({ invitation }: { invitation: boolean }) {
  const api = useApi();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
  const title = invitation ? "Welcome: choose a password" : "Choose a new password";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password"));
    if (password !== String(form.get("again"))) {
      setError("The two passwords differ.");
      return;
    }
    const name = String(form.get("name") ?? "").trim();
    const { data, error: problem } = await api.POST("/auth/redeem", {
      body: { token, password, ...(name ? { display_name: name } : {}) },
    });
    if (!data) {
      setError(problemText(problem));
      return;
    }
    client.setQueryData(["me"], data.user);
    navigate("/", { replace: true });
  }

  return (
    <section className="narrow">
      <PageHeading title={title}>{title}</PageHeading>
      {token ? (
        <form onSubmit={submit}>
          {invitation && (
            <>
              <label htmlFor="name">Your name</label>
              <input id="name" name="name" autoComplete="name" dir="auto" />
            </>
          )}
          <label htmlFor="password">Password (at least 10 characters)</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
          <label htmlFor="again">The same password again</label>
          <input
            id="again"
            name="again"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
          <div role="alert" className="error">
            {error}
          </div>
          <button type="submit">Save and sign in</button>
        </form>
      ) : (
        <p role="alert">This link has no token. Open the whole link you were given.</p>
      )}
    </section>
  );
}
