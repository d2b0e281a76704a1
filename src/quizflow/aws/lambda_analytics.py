"""The analytics recount on AWS: a function in the VPC, scheduled every minute.

Requests on a large version answer with the result kept for it and ask for a recount
(services/analytics_snapshots.py); this function does the counting, as `quizflow results
recount --once` does, until nothing is wanted or its time is nearly up. It reaches the database
through RDS Proxy and nothing else. Overlapping runs are safe: a recount locks its row.
"""

from __future__ import annotations

import logging
from typing import Any

from quizflow.aws.scheduled import sessions_until_timeout
from quizflow.services import analytics_worker
from quizflow.settings import get_settings

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)  # Lambda's root logger lets only warnings through by default


def recount(event: dict[str, Any] | None, context: Any) -> dict[str, Any]:
    """Recount the kept results requests found stale (until none is wanted, or the function's
    time is nearly up); returns the count. Database trouble raises: the next run tries again."""
    with sessions_until_timeout(get_settings(), context) as (sessions, stop):
        recounted = analytics_worker.run(sessions, stop, once=True)
    log.info("analytics: %d result(s) recounted", recounted)
    return {"recounted": recounted}
