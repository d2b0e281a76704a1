"""The FastAPI application factory."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow import __version__
from quizflow.api.limits import BodySizeLimit
from quizflow.api.openapi import install_openapi
from quizflow.api.prefix import ApiPrefix
from quizflow.api.problems import install_problem_handlers
from quizflow.api.routes import (
    analytics,
    auth,
    classes,
    conditions,
    documents,
    exports,
    health,
    interchange,
    objects,
    oidc,
    play,
    results,
    scenarios,
    sharing,
    users,
)
from quizflow.api.web import install_web_app
from quizflow.auth import CurrentAccounts, build_verifier
from quizflow.aws import secrets
from quizflow.db.engine import engine_from_settings, make_session_factory
from quizflow.services.users import account_role
from quizflow.settings import Settings, get_settings
from quizflow.storage.base import BlobStore
from quizflow.storage.factory import build_blob_store


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    sessions: sessionmaker[Session] | None = None,
    store: BlobStore | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """Build the API. Without an engine, one is made from settings when the app starts;
    `sessions` lets tests run every request inside one rolled-back transaction, and `clock`
    (what remembered accounts expire by) lets them move time on."""
    settings = settings or get_settings()

    def wire(app: FastAPI, engine: Engine) -> None:
        app.state.engine = engine
        factory = app.state.sessions = sessions or make_session_factory(engine)
        app.state.verifier = build_verifier(settings)
        app.state.accounts = CurrentAccounts(
            lambda user_id: account_role(sessions=factory, user_id=user_id),
            ttl_s=settings.account_ttl_s,
            clock=clock,
        )
        app.state.store = store or build_blob_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:
            yield
            return
        # Made at start-up, not at import or construction: an embedded server may be started.
        own = engine_from_settings(settings, credentials=secrets)
        wire(app, own)
        try:
            yield
        finally:
            own.dispose()

    app = FastAPI(
        title="quizflow",
        version=__version__,
        summary="Branching multiple-choice scenarios: author them, play them.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock  # also what the per-address limits count time by
    if engine is not None:
        wire(app, engine)
    install_problem_handlers(app)
    # Uploads may be as large as documents are allowed to be (plus multipart framing).
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_request_bytes,
        overrides={
            prefix: settings.max_upload_bytes + 64 * 1024 for prefix in ("/documents", "/banks")
        },
    )
    # Added last, so it runs first: the limits and the routes see /api/x as /x.
    app.add_middleware(ApiPrefix)
    # Playing first: requests are matched against routes in order, and answers are most of them.
    app.include_router(play.router)
    app.include_router(health.router)
    app.include_router(users.router)
    app.include_router(auth.router)
    app.include_router(oidc.router)
    app.include_router(scenarios.router)
    app.include_router(sharing.router)
    app.include_router(classes.router)
    app.include_router(conditions.router)
    app.include_router(objects.router)
    app.include_router(documents.router)
    app.include_router(exports.router)
    app.include_router(interchange.router)
    app.include_router(analytics.router)
    app.include_router(results.router)
    install_openapi(app)
    install_web_app(app, settings)
    return app
