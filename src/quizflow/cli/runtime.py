"""What CLI commands share: the console and the objects every adapter builds the same way."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from sqlalchemy import Engine

from quizflow.db.engine import engine_from_settings
from quizflow.settings import get_settings

console = Console()
err_console = Console(stderr=True)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The engine for this CLI process (starting the embedded server if needed)."""
    return engine_from_settings(get_settings())
