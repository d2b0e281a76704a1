import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link, navigate } from "../../router";

/** Open sign-up (only offered when the server has QUIZFLOW_OPEN_SIGNUP on): a learner account. */
export function SignUpPage() {
  const api = useApi();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const { data, error: problem } = await api.POST("/auth/sign-up", {
      body: {
        email: String(form.get("email")),
        password: String(form.get("password")),
        ...(name ? { display_name: name } : {}),
      },
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
      <PageHeading title="Create an account">Create an account</PageHeading>
      <form onSubmit={submit}>
        <label htmlFor="name">Your name</label>
        <input id="name" name="name" autoComplete="name" dir="auto" />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required dir="auto" />
        <label htmlFor="password">Password (at least 10 characters)</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
        />
        <div role="alert" className="error">
          {error}
        </div>
        <button type="submit">Create the account</button>
      </form>
      <p>
        <Link to="/sign-in">I already have an account</Link>
      </p>
    </section>
  );
}
