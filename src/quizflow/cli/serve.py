"""`quizflow serve`: the HTTP API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quizflow.cli.runtime import console

if TYPE_CHECKING:
    from quizflow.services.worker_thread import WorkerThread


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Serve the HTTP API and the browser app at /app/ (OpenAPI docs at /docs, health at
    /health)."""
    import uvicorn

    from quizflow.db.embedded import exit_on_termination_signals

    # Before uvicorn takes the signals over, so that the handler it restores on the way out
    # lets the embedded server (if any) stop with this process.
    exit_on_termination_signals()
    base = f"http://{host}:{port}"
    console.print(f"quizflow API on {base}  (docs: {base}/docs)")
    console.print(f"[bold]Open {base}/app/ in a browser[/bold] and sign in.")
    workers = [w for w in (_start_analytics_worker(), _start_xapi_worker()) if w is not None]
    try:
        uvicorn.run(
            "quizflow.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            reload=reload,
            log_level="info",
        )
    finally:
        for worker in workers:
            worker.stop()


def _start_analytics_worker() -> WorkerThread | None:
    """The recounts of large versions' analytics that requests asked for (analytics_worker),
    unless requests count for themselves."""
    from quizflow.cli.runtime import get_sessions
    from quizflow.services import analytics_worker
    from quizflow.services.worker_thread import WorkerThread
    from quizflow.settings import get_settings

    if not get_settings().analytics_recount_in_background:
        return None
    sessions = get_sessions()
    worker = WorkerThread("analytics", lambda stop: analytics_worker.run(sessions, stop))
    worker.start()
    return worker


def _start_xapi_worker() -> WorkerThread | None:
    """The xAPI delivery worker beside the API, when an LRS is configured (and not turned off)."""
    from quizflow.cli.runtime import get_sessions
    from quizflow.services.worker_thread import WorkerThread
    from quizflow.services.xapi_delivery import delivery_config, run
    from quizflow.settings import get_settings

    settings = get_settings()
    config = delivery_config(settings)
    if config is None or not settings.xapi_worker_in_serve:
        return None
    sessions = get_sessions()
    worker = WorkerThread("xapi-delivery", lambda stop: run(sessions, config, stop))
    worker.start()
    console.print(f"delivering xAPI statements to {config.endpoint}")
    return worker
