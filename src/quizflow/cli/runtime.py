"""What CLI commands share: the console and the objects every adapter builds the same way."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.aws import secrets
from quizflow.db.engine import check_connection, engine_from_settings, make_session_factory
from quizflow.settings import get_settings
from quizflow.storage.base import BlobStore
from quizflow.storage.factory import build_blob_store

console = Console()
err_console = Console(stderr=True)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The engine for this CLI process (starting the embedded server if needed)."""
    return engine_from_settings(get_settings(), credentials=secrets)


@lru_cache(maxsize=1)
def get_sessions() -> sessionmaker[Session]:
    """Sessions for the services; raises DatabaseUnavailableError (one line) up front."""
    engine = get_engine()
    # Checked once here so an unreachable server is a named error, not a driver traceback.
    check_connection(engine)
    return make_session_factory(engine)


@lru_cache(maxsize=1)
def get_store() -> BlobStore:
    """The object store for this CLI process, as configured (no connection is made yet)."""
    return build_blob_store(get_settings())
