"""Every API path is also served under /api/...: the one prefix a CDN routes to the API.

In AWS, CloudFront sends `/api/*` to API Gateway and everything else to the app's files; a
self-hosted server answers the same `/api/...` URLs, so the browser app needs one base URL
everywhere. The root paths stay as they were (scripts, the README's walkthrough and
schemathesis call them). The prefix is stripped before routing, so a request under /api
goes through exactly the same checks (CSRF, Origin, body limits) as the root one.
"""

from __future__ import annotations

from typing import Final

from starlette.types import ASGIApp, Receive, Scope, Send

from quizflow.api.problems import problem

PREFIX: Final = "/api"


class ApiPrefix:
    """Strip a leading /api before routing; /api itself names nothing (404 problem+json)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path in (PREFIX, PREFIX + "/"):
            await problem(404, f"no such endpoint: {path}", code="not_found")(scope, receive, send)
            return
        if path.startswith(PREFIX + "/"):
            scope = dict(scope)
            scope["path"] = path[len(PREFIX) :]
            raw = scope.get("raw_path")
            if isinstance(raw, bytes) and raw.startswith(PREFIX.encode() + b"/"):
                scope["raw_path"] = raw[len(PREFIX) :]
        await self.app(scope, receive, send)
