"""Sign in with your organisation: the OIDC authorization-code flow with PKCE (services/oidc.py).

Both endpoints are browser navigations, so what goes wrong on the way is a redirect to the
sign-in page with `?error=CODE`, which the page says in words; only a misuse of the API itself
(OIDC off, a `next` outside the app) is a problem+json answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from quizflow.api.cookies import set_session_cookies
from quizflow.api.deps import SessionsDep, SettingsDep
from quizflow.api.rate_limits import limited
from quizflow.api.routes import problems
from quizflow.auth_keys import local_secret
from quizflow.errors import NotFoundError
from quizflow.settings import Settings

if TYPE_CHECKING:
    from quizflow.services import oidc

router = APIRouter(prefix="/auth/oidc", tags=["signing in"])

PENDING_COOKIE: Final = "quizflow_oidc"
SIGN_IN_PAGE: Final = "/app/sign-in"
_REDIRECT: dict[int | str, dict[str, Any]] = {
    302: {"description": "To the identity provider, or back into the app"}
}


# services.oidc (Authlib, joserfc, httpx) is imported on the first sign-in, not at start-up:
# a Lambda's cold start pays for it only on the path that needs it (bench B4).


def _provider(request: Request, settings: Settings) -> oidc.Provider:
    from quizflow.services import oidc

    if not settings.oidc_enabled:
        raise NotFoundError("signing in with an organisation account is not set up here")
    provider: oidc.Provider | None = getattr(request.app.state, "oidc_provider", None)
    if provider is None:
        provider = request.app.state.oidc_provider = oidc.Provider(settings)
    return provider


def _to_sign_in(request: Request, code: str) -> RedirectResponse:
    response = RedirectResponse(f"{SIGN_IN_PAGE}?error={quote(code)}", status_code=302)
    response.delete_cookie(PENDING_COOKIE, secure=request.url.scheme == "https", httponly=True)
    return response


@router.get(
    "/start",
    status_code=302,
    responses={**_REDIRECT, **problems(404, 429)},
    dependencies=limited("oidc-start"),
)
def start(
    request: Request,
    settings: SettingsDep,
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> RedirectResponse:
    """Off to the organisation's sign-in page; back at `next` (a path under /app/) after."""
    from quizflow.services import oidc

    provider = _provider(request, settings)
    pending = oidc.PendingLogin.new(oidc.safe_next(next))
    try:
        target = provider.authorization_url(pending)
    except oidc.OidcError as exc:
        return _to_sign_in(request, exc.code)
    response = RedirectResponse(target, status_code=302)
    response.set_cookie(
        PENDING_COOKIE,
        pending.seal(local_secret(settings)),
        max_age=oidc.PENDING_TTL_S,
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",  # sent along on the provider's top-level redirect back to us
    )
    return response


@router.get(
    "/callback",
    status_code=302,
    responses={**_REDIRECT, **problems(404, 429)},
    dependencies=limited("oidc-callback"),
)
def callback(
    request: Request,
    sessions: SessionsDep,
    settings: SettingsDep,
    code: Annotated[str | None, Query(max_length=4000)] = None,
    state: Annotated[str | None, Query(max_length=1000)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> RedirectResponse:
    """Where the provider sends the browser back: signs in and goes on to `next`."""
    from quizflow.services import oidc

    provider = _provider(request, settings)
    try:
        pending = oidc.PendingLogin.unseal(
            request.cookies.get(PENDING_COOKIE), local_secret(settings)
        )
        if state != pending.state:
            raise oidc.OidcStateError("this answer does not belong to the sign-in you started")
        if error is not None:
            return _to_sign_in(request, "oidc_denied")
        if not code:
            raise oidc.OidcError("the identity provider sent no sign-in code")
        claims = provider.exchange(code, pending)
        _, raw_id = oidc.sign_in_with_claims(
            sessions=sessions, claims=claims, ttl_s=settings.web_session_ttl_s
        )
    except oidc.OidcError as exc:
        return _to_sign_in(request, exc.code)
    response = RedirectResponse(pending.next, status_code=302)
    set_session_cookies(request, response, raw_id, settings.web_session_ttl_s)
    response.delete_cookie(PENDING_COOKIE, secure=request.url.scheme == "https", httponly=True)
    return response
