import { type FormEvent, useState } from "react";
import { problemText } from "../../api/client";
import { useApi } from "../../api/context";
import { PageHeading } from "../../components/PageHeading";
import { Link } from "../../router";

/** Ask for a reset link by mail. The server answers the same for every address (no one
 * learns who has an account), so the page says only what the server said will happen. */
export function ForgotPasswordPage() {
  const api = useApi();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { data, error: problem } = await api.POST("/auth/password-resets", {
      body: { email: String(form.get("email")) },
    });
    setBusy(false);
    if (!data) {
      setError(problemText(problem));
      return;
    }
    setDone(data.detail);
  }

  return (
    <section className="narrow">
      <PageHeading title="Forgot your password?">Forgot your password?</PageHeading>
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <form onSubmit={submit}>
          <p>Give your account's email address: we send it a link to choose a new password.</p>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required dir="auto" />
          <div role="alert" className="error">
            {error}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? "Sending…" : "Send me a link"}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to signing in</Link>
      </p>
    </section>
  );
}
