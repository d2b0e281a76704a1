"""Uploads beside learners: 30 concurrent 5 MB uploads must not starve 30 learners answering.

The same server (documents on moto's S3 server) first serves 30 learners alone, then 30 other
learners while 30 uploads run at once. Every answer must succeed (no 503), and the answers'
p99 latency must stay within a generous multiple of the run without uploads: uploads may hold
neither the database connections nor the worker threads learners need while they talk to
object storage. Both
runs' figures go to the summary (details.uploads) and to docs/reliability.md.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.conftest import DatabaseFactory
from tests.reliability.conftest import StartServer
from tests.reliability.harness import Caller, QuizflowServer, client, enrol, s3_env
from tests.reliability.learners import Crowd, LoadReport, verify_nothing_lost
from tests.reliability.summary import SUMMARY, latency_figures
from tests.s3_server import MotoServer
from tests.scenarios import linear

LEARNERS = 30
QUESTIONS = 30
UPLOADS = 30
UPLOAD_BYTES = 5 * 1024 * 1024
DEADLINE_S = 150.0
# Generous: uploads compete with learners for two cores, so answers do get slower; what must
# not happen is answers queueing behind uploads for connections (seconds, and 503s).
P99_MULTIPLE = 6.0
P99_FLOOR_S = 1.0


def _document(number: int) -> bytes:
    """A distinct ~5 MB text document (distinct, so content addressing stores each one)."""
    line = f"Upload {number}: the quick brown fox jumps over the lazy dog. "
    lines = [f"{line}{n}" for n in range(UPLOAD_BYTES // (len(line) + 8) + 1)]
    return "\n\n".join(lines).encode()[:UPLOAD_BYTES]


def _play(
    server: QuizflowServer,
    scenario_id: uuid.UUID,
    learners: list[Caller],
    uploads: list[bytes] | None,
    author: Caller,
) -> tuple[LoadReport, list[httpx.Response], float]:
    """Learners play to the end; with `uploads`, all of them are posted at once meanwhile."""
    results: list[httpx.Response] = []
    lock = threading.Lock()
    window = [0.0]

    def upload(http: httpx.Client, number: int, data: bytes) -> None:
        response = http.post(
            "/documents",
            files={"file": (f"upload-{number}.txt", data, "text/plain")},
            headers=author.headers,
        )
        with lock:
            results.append(response)

    def inject(_: Crowd) -> None:
        assert uploads is not None
        began = time.monotonic()
        with (
            client(
                server.base_url, timeout=120.0, limits=httpx.Limits(max_connections=UPLOADS)
            ) as http,
            ThreadPoolExecutor(UPLOADS) as pool,
        ):
            for future in [pool.submit(upload, http, n, d) for n, d in enumerate(uploads)]:
                future.result()
        window[0] = time.monotonic() - began

    seed = random.randrange(2**32)
    with Crowd(
        server.base_url, scenario_id, learners, seed=seed, retry_share=0, deadline_s=DEADLINE_S
    ) as crowd:
        report = crowd.run(inject if uploads else None)
    return report, results, window[0]


def test_thirty_5mb_uploads_do_not_starve_thirty_learners(
    databases: DatabaseFactory,
    start_server: StartServer,
    signing: Settings,
    s3_server_process: MotoServer,
    s3_bucket: str,
) -> None:
    url = databases.create(migrated=True)
    engine = create_engine(url, pool_pre_ping=True, pool_size=2)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    server = start_server(
        url,
        **s3_env(s3_server_process.endpoint_url, s3_bucket),
    )
    try:
        author = enrol(sessions, signing, "author", 1)[0]
        scenario_id = create_from_definition(
            sessions=sessions,
            actor=Principal(user_id=author.user_id, role="author", email=None),
            definition=linear(QUESTIONS, "Answers beside uploads"),
        )
        documents = [_document(n) for n in range(UPLOADS)]
        alone, _, _ = _play(
            server, scenario_id, enrol(sessions, signing, "learner", LEARNERS), None, author
        )
        beside, uploaded, window_s = _play(
            server, scenario_id, enrol(sessions, signing, "learner", LEARNERS), documents, author
        )
        verdict = verify_nothing_lost(sessions, beside)
        with sessions() as session:
            stored = session.scalar(
                select(func.count()).where(orm.Document.owner_id == author.user_id)
            )
    finally:
        engine.dispose()

    figures: dict[str, Any] = {
        "learners": LEARNERS,
        "answers_each": QUESTIONS,
        "uploads": UPLOADS,
        "upload_bytes": UPLOAD_BYTES,
        "alone": {**latency_figures(alone.answer_latencies_s), "statuses": dict(alone.statuses)},
        "beside_uploads": {
            **latency_figures(beside.answer_latencies_s),
            "statuses": dict(beside.statuses),
        },
        "upload_statuses": dict(sorted(_count(r.status_code for r in uploaded).items())),
        "uploads_took_s": round(window_s, 1),
    }
    SUMMARY.note("uploads", figures)
    SUMMARY.answers(acknowledged=verdict.acknowledged, stored=verdict.stored, lost=verdict.lost)

    context = f"{figures}\nserver log:\n{server.log_tail()}"
    for report in (alone, beside):
        assert report.problems == [], context
        assert set(report.statuses) <= {200, 201}, context  # no answer failed, not even a 503
        assert report.finished == LEARNERS, context
    assert verdict.problems == [] and verdict.lost == 0, context
    assert [r.status_code for r in uploaded] == [201] * UPLOADS, context
    assert stored == UPLOADS
    baseline = max(figures["alone"]["p99_ms"] / 1000, 0.001)
    assert figures["beside_uploads"]["p99_ms"] / 1000 <= max(
        P99_MULTIPLE * baseline, P99_FLOOR_S
    ), context


def _count(values: Any) -> dict[int, int]:
    counted: dict[int, int] = {}
    for value in values:
        counted[value] = counted.get(value, 0) + 1
    return counted
