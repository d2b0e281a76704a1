"""The browser session's two cookies and the CSRF checks on cookie-authenticated requests.

- `quizflow_session`: the session id. HttpOnly (page scripts never see it), SameSite=Lax (no
  cross-site POST carries it), Secure whenever the request came over https.
- `quizflow_csrf`: a token derived from the id, readable by the page, which echoes it in the
  `X-CSRF-Token` header of every unsafe request. Another site can neither read it nor set
  that header (no CORS is allowed), so a forged request fails even where SameSite does not
  apply (an older browser, a sibling subdomain). A cross-origin `Origin` is refused as well.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from fastapi import Request, Response

from quizflow.errors import ForbiddenError
from quizflow.services.web_sessions import csrf_matches, csrf_token

SESSION_COOKIE: Final = "quizflow_session"
CSRF_COOKIE: Final = "quizflow_csrf"
CSRF_HEADER: Final = "X-CSRF-Token"
_SAFE: Final = frozenset({"GET", "HEAD", "OPTIONS"})


def check_origin(request: Request) -> None:
    """Raises ForbiddenError when the request says it comes from another origin than this
    host or QUIZFLOW_PUBLIC_URL's (behind a CDN or proxy, the Host header may be another)."""
    origin = request.headers.get("origin")
    if origin is None:
        return  # not a browser's cross-origin request (curl, a same-origin GET)
    public_url: str = request.app.state.settings.public_url
    ours = {request.headers.get("host", ""), urlsplit(public_url).netloc}
    if urlsplit(origin).netloc not in ours:
        raise ForbiddenError(f"requests from {origin} are not accepted here")


def check_csrf(request: Request, raw_id: str) -> None:
    """For unsafe methods: same origin and the session's CSRF token; raises ForbiddenError."""
    if request.method in _SAFE:
        return
    check_origin(request)
    if not csrf_matches(raw_id, request.headers.get(CSRF_HEADER)):
        raise ForbiddenError(
            f"missing or wrong {CSRF_HEADER} header: send the value of the {CSRF_COOKIE} cookie"
        )


def set_session_cookies(request: Request, response: Response, raw_id: str, ttl_s: int) -> str:
    """Put the session on the response; returns its CSRF token."""
    secure = request.url.scheme == "https"
    token = csrf_token(raw_id)
    response.set_cookie(
        SESSION_COOKIE, raw_id, max_age=ttl_s, httponly=True, secure=secure, samesite="lax"
    )
    response.set_cookie(
        CSRF_COOKIE, token, max_age=ttl_s, httponly=False, secure=secure, samesite="lax"
    )
    return token


def clear_session_cookies(request: Request, response: Response) -> None:
    secure = request.url.scheme == "https"
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, secure=secure, httponly=name == SESSION_COOKIE, samesite="lax")
