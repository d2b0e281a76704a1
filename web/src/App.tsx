import { lazy, Suspense, useEffect } from "react";
import type { UserRead } from "./api/client";
import { PageHeading } from "./components/PageHeading";
import { ForgotPasswordPage } from "./features/auth/ForgotPasswordPage";
import { SetPasswordPage } from "./features/auth/SetPasswordPage";
import { SignInPage, signInPath } from "./features/auth/SignInPage";
import { SignUpPage } from "./features/auth/SignUpPage";
import { useSession, useSignOut } from "./features/auth/session";
import { CatalogPage } from "./features/play/CatalogPage";
import { JoinPage } from "./features/play/JoinPage";
import { PlayPage } from "./features/play/PlayPage";
import { SharedPage } from "./features/play/SharedPage";
import { Link, navigate, useLocation } from "./router";

const StudioApp = lazy(() => import("./features/studio/StudioApp"));

const PUBLIC = new Set(["/sign-in", "/sign-up", "/forgot-password", "/welcome", "/reset"]);

export function App() {
  const { path, search } = useLocation();
  const session = useSession();
  const signOut = useSignOut();
  const user = session.data;
  const needsSignIn = !PUBLIC.has(path) && session.isSuccess && user === null;

  useEffect(() => {
    if (needsSignIn) navigate(signInPath(path, search, window.location.hash), { replace: true });
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
            {isAuthor(user) && <Link to="/studio">Studio</Link>} <Link to="/">Play</Link>{" "}
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
        {session.isPending || needsSignIn ? (
          <p role="status">Loading…</p>
        ) : (
          page(path, search, user ?? null)
        )}
      </main>
    </>
  );
}

function isAuthor(user: UserRead): boolean {
  return user.role === "author" || user.role === "admin";
}

function page(path: string, search: string, user: UserRead | null) {
  if (path === "/studio" || path.startsWith("/studio/")) {
    if (!user || !isAuthor(user))
      return (
        <section>
          <PageHeading title="Not allowed">The studio is for authors</PageHeading>
          <p>Your account plays scenarios; ask an admin if you should write them.</p>
          <Link to="/">Back to your scenarios</Link>
        </section>
      );
    return (
      <Suspense fallback={<p role="status">Loading the studio…</p>}>
        <StudioApp path={path} search={search} />
      </Suspense>
    );
  }
  if (path === "/sign-in") return <SignInPage search={search} />;
  if (path === "/sign-up") return <SignUpPage />;
  if (path === "/forgot-password") return <ForgotPasswordPage />;
  if (path === "/welcome") return <SetPasswordPage invitation />;
  if (path === "/reset") return <SetPasswordPage invitation={false} />;
  if (path === "/") return <CatalogPage search={search} />;
  if (path === "/join") return <JoinPage />;
  if (path === "/shared") return <SharedPage />;
  const attempt = path.match(/^\/attempts\/([0-9a-f-]{36})$/i);
  if (attempt?.[1]) return <PlayPage key={attempt[1]} attemptId={attempt[1]} />;
  return (
    <section>
      <PageHeading title="Not found">Page not found</PageHeading>
      <Link to="/">Back to your scenarios</Link>
    </section>
  );
}
