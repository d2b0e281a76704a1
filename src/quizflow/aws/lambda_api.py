"""The Lambda entry point of the HTTP API: Mangum around the FastAPI app.

Lambda keeps a container (this module, its engine and its pool) between invocations, so the
app and its engine are built on the first invocation and reused. The engine is made here and
handed to the app: Mangum runs an app's lifespan on every invocation, which would otherwise
open and dispose a pool per request (hence ``lifespan="off"``).

Configured by the environment like any quizflow process; on AWS typically
QUIZFLOW_DB_SECRET_ARN, QUIZFLOW_DB_HOST (the RDS Proxy), QUIZFLOW_DB_STARTUP_OPTIONS=false,
QUIZFLOW_DB_POOL_SIZE=1, QUIZFLOW_JWT_JWKS_URL/_ISSUER/_AUDIENCE, QUIZFLOW_STORAGE_BACKEND=s3.
"""

from __future__ import annotations

import threading
from typing import Any

import psycopg  # noqa: F401 (SQLAlchemy loads the driver lazily: at init, not on a request)
from mangum import Mangum
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import psycopg as _psycopg_dialect  # noqa: F401

from quizflow.api.app import create_app
from quizflow.aws import secrets
from quizflow.db.engine import engine_from_settings
from quizflow.settings import get_settings

_lock = threading.Lock()
_built: tuple[Mangum, Engine] | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one API Gateway (HTTP API, payload 2.0) event."""
    return _adapter()(event, context)


def reset() -> None:
    """Forget the app and dispose its engine, so the next event builds both afresh (tests)."""
    global _built
    with _lock:
        if _built is not None:
            _built[1].dispose()
        _built = None


def _adapter() -> Mangum:
    global _built
    with _lock:
        if _built is None:
            settings = get_settings()
            engine = engine_from_settings(settings, credentials=secrets)
            app = create_app(settings, engine=engine)
            _built = (Mangum(app, lifespan="off"), engine)
        return _built[0]
