"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from quizflow import __version__
from quizflow.api.problems import install_problem_handlers
from quizflow.api.routes import health
from quizflow.db.engine import engine_from_settings, make_session_factory
from quizflow.settings import Settings, get_settings


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the API. Without an engine, one is made from settings when the app starts."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        app.state.engine = engine if engine is not None else engine_from_settings(settings)
        app.state.sessions = make_session_factory(app.state.engine)
        try:
            yield
        finally:
            if own_engine:
                app.state.engine.dispose()

    app = FastAPI(
        title="quizflow",
        version=__version__,
        summary="Branching multiple-choice scenarios: author them, play them.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.include_router(health.router)
    return app
