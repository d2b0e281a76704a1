"""`quizflow serve`: the HTTP API."""

from __future__ import annotations

from typing import Annotated

import typer

from quizflow.cli.runtime import console


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
    uvicorn.run(
        "quizflow.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        log_level="info",
    )
