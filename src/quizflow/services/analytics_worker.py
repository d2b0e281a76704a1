"""The analytics worker: recounts the kept results that requests found stale.

A request on a large version answers with the result kept for it and asks for a recount
(services/analytics_snapshots.py); this does the counting, off the request path. It runs as a
thread in `quizflow serve`, as `quizflow results recount`, and in AWS as a function scheduled
every minute (aws/lambda_analytics.py). Any number may run at once: a recount locks its row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from quizflow.services import analytics

log = logging.getLogger(__name__)

#: How long an idle worker waits before looking again: what a recount may lag a request by.
POLL_INTERVAL_S = 2.0


def run(
    sessions: sessionmaker[Session],
    stop: threading.Event,
    *,
    once: bool = False,
    poll_interval_s: float = POLL_INTERVAL_S,
    on_recount: Callable[[int], None] | None = None,
) -> int:
    """Recount what is wanted until `stop` is set (with `once`, until nothing is wanted);
    returns how many results were recounted. Database trouble is logged and waited out."""
    recounted = 0
    while not stop.is_set():
        try:
            done = analytics.refresh_wanted(sessions)
        except Exception:  # a worker outlives a database blip
            log.exception("analytics recount failed; trying again shortly")
            if once:
                raise
            stop.wait(poll_interval_s)
            continue
        recounted += done
        if done and on_recount is not None:
            on_recount(done)
        if done == 0:
            if once:
                break
            stop.wait(poll_interval_s)
    return recounted
