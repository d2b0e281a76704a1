"""What CLI commands share: the console and the objects every adapter builds the same way.

Nothing heavy is imported here at module level: `quizflow --help` imports this module, and
the database, storage and settings libraries are loaded only when a command asks for them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from quizflow.storage.base import BlobStore

console = Console()
err_console = Console(stderr=True)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The engine for this CLI process (starting the embedded server if needed)."""
    from quizflow.aws import secrets
    from quizflow.db.engine import engine_from_settings
    from quizflow.settings import get_settings

    return engine_from_settings(get_settings(), credentials=secrets)


@lru_cache(maxsize=1)
def get_sessions() -> sessionmaker[Session]:
    """Sessions for the services; raises DatabaseUnavailableError (one line) up front."""
    from quizflow.db.engine import check_connection, make_session_factory

    engine = get_engine()
    # Checked once here so an unreachable server is a named error, not a driver traceback.
    check_connection(engine)
    return make_session_factory(engine)


@lru_cache(maxsize=1)
def get_store() -> BlobStore:
    """The object store for this CLI process, as configured (no connection is made yet)."""
    from quizflow.settings import get_settings
    from quizflow.storage.factory import build_blob_store

    return build_blob_store(get_settings())
