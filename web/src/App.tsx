import { useEffect } from "react";
import { PageHeading } from "./components/PageHeading";
import { SetPasswordPage } from "./features/auth/SetPasswordPage";
import { SignInPage } from "./features/auth/SignInPage";
import { SignUpPage } from "./features/auth/SignUpPage";
import { useSession, useSignOut } from "./features/auth/session";
import { CatalogPage } from "./features/play/CatalogPage";
import { PlayPage } from "./features/play/PlayPage";
import { Link, navigate, useLocation } from "./router";

const PUBLIC = new Set(["/sign-in", "/sign-up", "/welcome", "/reset"]);

export function App() {
  const { path, search } = useLocation();
  const session = useSession();
  const signOut = useSignOut();
  const user = session.data;
  const needsSignIn = !PUBLIC.has(path) && session.isSuccess && user === null;

  useEffect(() => {
    if (needsSignIn)
      navigate(`/sign-in?next=${encodeURIComponent(path + search)}`, { replace: true });
  }, [needsSignIn, path, search]);

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          quizflow
        </Link>
        {user && (
          <nav aria-label="Account">
            <span dir="auto">{user.display_name}</span>{" "}
            <button
              type="button"
              className="link"
              onClick={() => void signOut().then(() => navigate("/sign-in"))}
            >
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main">
        {session.isPending || needsSignIn ? <p role="status">Loading…</p> : page(path, search)}
      </main>
    </>
  );
}

function page(path: string, search: string) {
  if (path === "/sign-in") return <SignInPage search={search} />;
  if (path === "/sign-up") return <SignUpPage />;
  if (path === "/welcome") return <SetPasswordPage invitation />;
  if (path === "/reset") return <SetPasswordPage invitation={false} />;
  if (path === "/") return <CatalogPage />;
  const attempt = path.match(/^\/attempts\/([0-9a-f-]{36})$/i);
  if (attempt?.[1]) return <PlayPage key={attempt[1]} attemptId={attempt[1]} />;
  return (
    <section>
      <PageHeading title="Not found">Page not found</PageHeading>
      <Link to="/">Back to your scenarios</Link>
    </section>
  );
}
