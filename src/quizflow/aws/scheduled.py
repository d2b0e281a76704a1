"""What a scheduled function in the VPC works with: sessions on the database and a stop event
that is set shortly before the function's own timeout.

The xAPI deliverer and the analytics recount run a worker loop with `once=True` every minute;
the loop finishes the step in hand once the event is set, so it never dies mid-step at the
timeout. The engine is disposed when the invocation ends: a container may be frozen for long,
and its connections would only be held (or dropped) by the proxy meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from quizflow.aws import secrets
from quizflow.db.engine import engine_from_settings, make_session_factory
from quizflow.settings import Settings

#: Stop claiming this long before the function's own timeout, to finish the step in hand.
MARGIN_MS = 30_000
#: The time assumed left when there is no Lambda context (invoked by hand, or in a test).
NO_CONTEXT_MS = 60_000


@contextmanager
def sessions_until_timeout(
    settings: Settings, context: Any
) -> Iterator[tuple[sessionmaker[Session], threading.Event]]:
    """Sessions on the configured database (credentials from Secrets Manager) and an event set
    MARGIN_MS before `context` runs out of time; the engine is disposed on leaving. Raises
    ConfigurationError or DatabaseUnavailableError when the database cannot be configured."""
    engine = engine_from_settings(settings, credentials=secrets)
    stop = threading.Event()
    remaining_ms = int(context.get_remaining_time_in_millis()) if context else NO_CONTEXT_MS
    timer = threading.Timer(max(1.0, (remaining_ms - MARGIN_MS) / 1000), stop.set)
    timer.start()
    try:
        yield make_session_factory(engine), stop
    finally:
        timer.cancel()
        engine.dispose()
