"""Delivering the xAPI outbox to the instance's learning record store.

A worker claims a batch (see xapi_outbox), POSTs it with no transaction open, and marks what
the LRS accepted. A failure puts each statement back with exponential backoff and jitter, so an
LRS that is down is tried less and less often and several workers never retry in step. The LRS
holding a statement already is success: ids are stable, so a retry after a lost response sends
the same statement under the same id. Nothing here runs on the answer path.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
from sqlalchemy.orm import Session, sessionmaker

from quizflow.services import xapi_outbox
from quizflow.services.xapi_statements import XapiSource
from quizflow.settings import Settings

log = logging.getLogger(__name__)

XAPI_VERSION = "1.0.3"
#: The first retry waits about this long; each further failure doubles it, to max_backoff.
_FIRST_BACKOFF_S = 1.0
#: Answers that say nothing about any one statement (credentials, rate, a proxy with no LRS
#: behind it): the whole batch waits; sending each alone would only multiply the load.
_WHOLE_BATCH_FAILURES = frozenset({401, 403, 429, 502, 503, 504})


def xapi_source(settings: Settings) -> XapiSource | None:
    """The statements' source when an LRS is configured, else None (nothing is queued)."""
    return XapiSource(settings.public_url) if settings.xapi_enabled else None


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    endpoint: str
    username: str | None
    password: str | None
    batch_size: int = 50
    timeout_s: float = 10.0
    max_backoff_s: float = 900.0
    poll_interval_s: float = 2.0
    #: How long a claim keeps other workers off a batch: past it, a dead worker's rows return.
    lease: timedelta = timedelta(minutes=2)

    @property
    def statements_url(self) -> str:
        return f"{self.endpoint.rstrip('/')}/statements"


def delivery_config(settings: Settings) -> DeliveryConfig | None:
    """How to reach the configured LRS, or None when there is none."""
    if settings.xapi_endpoint is None:
        return None
    password = settings.xapi_password
    return DeliveryConfig(
        endpoint=settings.xapi_endpoint,
        username=settings.xapi_username,
        password=password.get_secret_value() if password is not None else None,
        batch_size=settings.xapi_batch_size,
        timeout_s=settings.xapi_timeout_s,
        max_backoff_s=settings.xapi_max_backoff_s,
        poll_interval_s=settings.xapi_poll_interval_s,
        lease=timedelta(seconds=max(60.0, 4 * settings.xapi_timeout_s)),
    )


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    claimed: int
    delivered: int
    failed: int
    error: str | None = None


class Sender(Protocol):
    """Hands statements to the LRS; returns the ids it now holds, and the last error."""

    def __call__(
        self, statements: Sequence[dict[str, Any]]
    ) -> tuple[set[uuid.UUID], str | None]: ...


def http_sender(config: DeliveryConfig, client: httpx.Client) -> Sender:
    """POSTs to the LRS itself (the worker in `serve`, `xapi deliver`, the AWS poster)."""

    def send(statements: Sequence[dict[str, Any]]) -> tuple[set[uuid.UUID], str | None]:
        return _send(client, config, statements)

    return send


def lrs_client(config: DeliveryConfig) -> httpx.Client:
    """An HTTP client for the LRS: basic auth, the xAPI version header, the timeout."""
    auth = (config.username or "", config.password or "") if config.username else None
    return httpx.Client(
        auth=auth,
        timeout=config.timeout_s,
        headers={"X-Experience-API-Version": XAPI_VERSION},
    )


def deliver_once(
    sessions: sessionmaker[Session], config: DeliveryConfig, send: Sender
) -> DeliveryReport:
    """Claim one batch of due statements and send it; returns what happened to it."""
    claimed = xapi_outbox.claim(sessions, limit=config.batch_size, lease=config.lease)
    if not claimed:
        return DeliveryReport(0, 0, 0)
    accepted, error = send([c.statement for c in claimed])
    xapi_outbox.mark_delivered(sessions, [c.id for c in claimed if c.id in accepted])
    now = datetime.now(UTC)
    retry_at = {
        c.id: now + timedelta(seconds=backoff_s(c.attempts, config.max_backoff_s))
        for c in claimed
        if c.id not in accepted
    }
    xapi_outbox.mark_failed(sessions, retry_at, error or "not accepted")
    return DeliveryReport(len(claimed), len(accepted), len(retry_at), error)


def backoff_s(attempts: int, maximum: float, rand: Callable[[], float] = random.random) -> float:
    """The wait before the next try after `attempts` failed ones: exponential, capped, with
    "equal jitter" (half fixed, half random) so workers spread out but still back off."""
    ceiling = min(maximum, _FIRST_BACKOFF_S * 2.0 ** max(attempts - 1, 0))
    return float(ceiling / 2 + rand() * ceiling / 2)


def _send(
    client: httpx.Client, config: DeliveryConfig, statements: Sequence[dict[str, Any]]
) -> tuple[set[uuid.UUID], str | None]:
    """POST the statements; returns the ids the LRS now holds, and the last error."""
    ids = [uuid.UUID(s["id"]) for s in statements]
    try:
        response = client.post(config.statements_url, json=list(statements))
    except httpx.HTTPError as exc:
        return set(), f"LRS unreachable: {type(exc).__name__}: {exc}"
    if response.is_success:
        return set(ids), None
    if len(statements) == 1:
        if response.status_code == 409:
            # The LRS holds a statement under this id already: ours, sent before a lost reply.
            return set(ids), None
        return set(), _describe(response)
    if response.status_code in _WHOLE_BATCH_FAILURES:
        return set(), _describe(response)
    # One statement of the batch may be the trouble (some LRSs refuse a whole batch when one
    # id is already stored): send each on its own so the others are not held back.
    accepted: set[uuid.UUID] = set()
    error: str | None = None
    for statement in statements:
        one, problem = _send(client, config, [statement])
        accepted |= one
        error = problem or error
    return accepted, error


def _describe(response: httpx.Response) -> str:
    return f"LRS answered {response.status_code}: {response.text[:300]}"


def run(
    sessions: sessionmaker[Session],
    config: DeliveryConfig,
    stop: threading.Event,
    *,
    once: bool = False,
    on_batch: Callable[[DeliveryReport], None] | None = None,
    send: Sender | None = None,
) -> int:
    """Deliver until `stop` is set (or, with `once`, until nothing is due); returns how many
    statements were delivered. Database or LRS trouble is logged and waited out. `send`
    replaces POSTing to the LRS from here (in AWS, another function does)."""
    delivered = 0
    with lrs_client(config) as client:
        sender = send if send is not None else http_sender(config, client)
        while not stop.is_set():
            try:
                report = deliver_once(sessions, config, sender)
            except Exception:  # a worker outlives a database blip
                log.exception("xAPI delivery failed; trying again shortly")
                if once:
                    raise
                stop.wait(config.poll_interval_s)
                continue
            delivered += report.delivered
            if report.failed:
                log.warning("xAPI: %d statement(s) to retry: %s", report.failed, report.error)
            if on_batch is not None and report.claimed:
                on_batch(report)
            if once and (report.claimed == 0 or report.failed):
                break
            if report.claimed < config.batch_size or report.failed:
                stop.wait(config.poll_interval_s)
    return delivered
