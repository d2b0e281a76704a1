"""`quizflow xapi …`: the queue of xAPI statements and its delivery to the LRS (docs/xapi.md)."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from quizflow.cli.runtime import console, get_sessions
from quizflow.errors import ConfigurationError

if TYPE_CHECKING:
    from quizflow.services.xapi_delivery import DeliveryReport

app = typer.Typer(
    help="xAPI statements for the learning record store: see the queue, deliver it.",
    no_args_is_help=True,
)


@app.command()
def status() -> None:
    """How many statements wait for the LRS, how many wait after a failure, and the last error."""
    from quizflow.services.xapi_outbox import status as outbox_status
    from quizflow.settings import get_settings

    settings = get_settings()
    found = outbox_status(get_sessions())
    table = Table(title="xAPI outbox", show_header=False)
    table.add_row("LRS", settings.xapi_endpoint or "[yellow]none configured: nothing is queued[/]")
    table.add_row("queued", str(found.queued))
    table.add_row("of which retrying", str(found.waiting_retry))
    table.add_row("delivered", str(found.delivered))
    oldest = found.oldest_queued_at
    table.add_row("oldest queued", oldest.isoformat(timespec="seconds") if oldest else "-")
    if found.last_error:
        table.add_row("last error", f"[red]{escape(found.last_error)}[/]")
    console.print(table)


@app.command()
def deliver(
    once: Annotated[
        bool,
        typer.Option(
            "--once", help="Deliver what is due now, then exit (for cron or a scheduler)."
        ),
    ] = False,
) -> None:
    """Deliver queued statements to the LRS (QUIZFLOW_XAPI_ENDPOINT), retrying with backoff.

    Runs until Ctrl-C or SIGTERM, finishing the batch in hand. Any number may run beside `quizflow serve`: each statement is sent by one worker at a time.
    """  # noqa: E501 - one paragraph in --help
    from quizflow.services.xapi_delivery import delivery_config, run
    from quizflow.settings import get_settings

    config = delivery_config(get_settings())
    if config is None:
        raise ConfigurationError("set QUIZFLOW_XAPI_ENDPOINT to the LRS's xAPI endpoint first")
    sessions = get_sessions()
    stop = threading.Event()
    if not once:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        console.print(f"delivering xAPI statements to {config.endpoint} (Ctrl-C stops)")
    delivered = run(sessions, config, stop, once=once, on_batch=_show_batch)
    console.print(f"[green]{delivered}[/] statement(s) delivered.", highlight=False)


def _show_batch(report: DeliveryReport) -> None:
    line = f"batch: {report.delivered} delivered, {report.failed} to retry"
    if report.error:
        line += f" [red]({escape(report.error)})[/]"
    console.print(line, highlight=False)


@app.command()
def prune(
    days: Annotated[
        int,
        typer.Option(
            "--older-than-days", min=0, help="Keep statements delivered more recently than this."
        ),
    ] = 30,
) -> None:
    """Delete statements the LRS has held for longer than --older-than-days (never one still
    waiting)."""
    from datetime import timedelta

    from quizflow.services.xapi_outbox import prune as prune_outbox

    removed = prune_outbox(get_sessions(), delivered_before=timedelta(days=days))
    console.print(f"{removed} delivered statement(s) older than {days} day(s) deleted.")
