"""The browser app, served by the API's own process under /app/ (one origin, one URL).

The API keeps its paths at the root (scripts, the CLI's examples and the CDK routes use them);
the app lives under the one prefix /app/, which no API route uses. Files under /app/assets/
carry a content hash in their names and are cached for a year; any other /app/... path is a
page of the single-page app and gets index.html, so every page survives a reload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse, Response

from quizflow.api.problems import problem
from quizflow.settings import Settings

#: No inline scripts or styles anywhere: what the sanitised content could smuggle in is inert.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;"
    " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self';"
    " object-src 'none'"
)
_PAGE_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}
_ASSET_HEADERS: Final = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


def default_web_dir() -> Path:
    """The app inside the installed package (quizflow/web_dist, put there when the wheel is
    built: hatch_build.py), else web/dist of the source tree this package runs from."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "web_dist"
    if (packaged / "index.html").is_file():
        return packaged
    return package.parents[1] / "web" / "dist"


def install_web_app(app: FastAPI, settings: Settings) -> None:
    """Serve the built app under /app/, and send / there."""
    root = (settings.web_dir or default_web_dir()).resolve()

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/app/", status_code=307)

    @app.get("/app", include_in_schema=False)
    async def app_root() -> RedirectResponse:
        return RedirectResponse("/app/", status_code=307)

    @app.get("/app/{path:path}", include_in_schema=False)
    async def page(path: str) -> Response:
        index = root / "index.html"
        if not index.is_file():
            return problem(
                404,
                f"the browser app is not built ({index} is missing): run `make web`",
                code="web_app_missing",
            )
        wanted = (root / path).resolve()
        if path and wanted.is_relative_to(root) and wanted.is_file():
            headers = _ASSET_HEADERS if path.startswith("assets/") else _PAGE_HEADERS
            return FileResponse(wanted, headers=headers)
        if path.startswith("assets/"):  # a missing asset is a 404, not the app's page
            return problem(404, f"no such file: /app/{path}", code="not_found")
        return FileResponse(index, headers=_PAGE_HEADERS, media_type="text/html")
