"""B1 — play throughput: learners playing through the real HTTP server, next to raw pgbench.

    python -m bench play                       # 8, 32 and 128 learners, 15 s each
    python -m bench.bench_play --quick         # 5 s per level
    python -m bench.bench_play --learners 32 --workers 1 --duration 20

Simulated learners (bench/loadgen.py, one asyncio process, httpx over HTTP/1.1 keep-alive)
play the demo's branching scenario against `uvicorn` on loopback with production settings
(no reload, log level warning, no access log) and the API's own JWT auth. Then pgbench runs
the SQL of one answer — the statements the answer path really issues, captured from the
service with SQLAlchemy's `before_cursor_execute` — at the same concurrency, on the same
PostgreSQL. The figure that matters is API answers/s ÷ pgbench tps: how much of what the
database alone could do the whole stack delivers. Target at 32 learners: ≥ 0.5, p99 < 50 ms.

Runs on the PostgreSQL server DATABASE_URL or TEST_DATABASE_URL names (any database on it),
else on an embedded one: it creates quizflow_bench_play there and drops it at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import datetime as dt
import glob
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

from bench.common import RESULTS_DIR, Figure, Report, machine
from bench.loadgen import LoadResult, choose, play
from quizflow.auth import Principal, issue_local_token
from quizflow.db.engine import parse_database_url
from quizflow.db.migrate import default_migrations_dir, load_migrations, upgrade
from quizflow.services import answers, users
from quizflow.services.content import versions
from quizflow.services.demo import load_demo
from quizflow.settings import Settings

LEVELS = (8, 32, 128)
DURATION_S = 15.0
WARMUP_S = 3.0
QUICK_DURATION_S = 5.0
QUICK_WARMUP_S = 1.5
TARGET_RATIO = 0.5
TARGET_P99_MS = 50.0
DATABASE = "quizflow_bench_play"
#: pgbench attempt n has id UUID(int=n); its learner UUID(int=USER_OFFSET + n).
USER_OFFSET = 1 << 40
SERVER_START_TIMEOUT_S = 30.0
#: Connections one server process may hold: the default pool, 10 plus 10 overflow.
SERVER_POOL = 20
#: uvicorn worker processes: one per core (measured on 2 cores: 2 workers beat 1 by 10-20 %,
#: one process being held to a single core by the GIL).
#: The application factory uvicorn serves: the real API (see --app for the alternatives).
API_APP = "quizflow.api.app:create_app"
WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


# --- the database -------------------------------------------------------------------------


def server_url() -> URL:
    """The PostgreSQL server to benchmark on: DATABASE_URL or TEST_DATABASE_URL, else an
    embedded server started for this process (it stops when the process exits)."""
    raw = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if raw:
        return parse_database_url(raw)
    global _embedded
    if _embedded is None:
        from quizflow.db.embedded import start_embedded

        pgdata = Path(tempfile.mkdtemp(prefix="quizflow-bench-pg-"))
        # Registered first, so it runs last: after the server's own stop at exit.
        atexit.register(shutil.rmtree, pgdata, ignore_errors=True)
        _embedded = parse_database_url(start_embedded(pgdata, "postgres"))
    return _embedded


_embedded: URL | None = None


@contextlib.contextmanager
def fresh_database(server: URL, name: str) -> Iterator[URL]:
    """A new, migrated database `name` on the server, dropped afterwards."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name)
        engine = create_engine(url)
        try:
            upgrade(engine, load_migrations(default_migrations_dir()))
        finally:
            engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def libpq_url(url: URL) -> str:
    """The URL as libpq (pgbench, psql) reads it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def server_version(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SHOW server_version")).scalar_one())


def connections_available(engine: Engine) -> int:
    """Connections the server could still open for a non-superuser workload, minus a margin."""
    with engine.connect() as conn:
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
        reserved = int(conn.execute(text("SHOW superuser_reserved_connections")).scalar_one())
        used = int(conn.execute(text("SELECT count(*) FROM pg_stat_activity")).scalar_one())
    return limit - reserved - used - 5


@dataclass(frozen=True, slots=True)
class PlayWorld:
    scenario_id: uuid.UUID
    version_id: uuid.UUID
    first_question_id: uuid.UUID
    #: Learners for the HTTP run: (user id, token).
    tokens: list[str]


def build_world(
    engine: Engine, settings: Settings, learners: int, pgbench_clients: int
) -> PlayWorld:
    """The demo scenario, `learners` accounts with tokens, and one attempt per pgbench client."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    author = users.create_user(sessions=sessions, email="author@bench.test", role="author")
    scenario_id = load_demo(sessions=sessions, actor=Principal(author.id, "author", author.email))
    with engine.begin() as conn:
        row = conn.execute(
            text(
                "SELECT v.id, v.first_question_id FROM scenarios s "
                "JOIN scenario_versions v ON v.id = s.latest_version_id WHERE s.id = :id"
            ),
            {"id": scenario_id},
        ).one()
        version_id, first_question_id = row
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, role) "
                "SELECT gen_random_uuid(), 'learner-' || n || '@bench.test', 'Learner ' || n, "
                "'learner' FROM generate_series(1, :n) n"
            ),
            {"n": learners},
        )
        learner_ids = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM users WHERE email LIKE 'learner-%' ORDER BY email")
            )
        ]
        # pgbench's own learners and attempts, ids computable inside its script.
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, role) "
                "SELECT lpad(to_hex(:offset + n), 32, '0')::uuid, 'pgbench-' || n || '@bench.test',"
                " 'pgbench ' || n, 'learner' FROM generate_series(1, :n) n"
            ),
            {"n": pgbench_clients, "offset": USER_OFFSET},
        )
        conn.execute(
            text(
                "INSERT INTO user_progress (id, user_id, scenario_id, version_id, "
                "current_question_id) "
                "SELECT lpad(to_hex(n), 32, '0')::uuid, lpad(to_hex(:offset + n), 32, '0')::uuid,"
                " :scenario, :version, :question FROM generate_series(1, :n) n"
            ),
            {
                "n": pgbench_clients,
                "offset": USER_OFFSET,
                "scenario": scenario_id,
                "version": version_id,
                "question": first_question_id,
            },
        )
        conn.execute(text("ANALYZE"))
    tokens = [
        issue_local_token(settings, user_id=user_id, role="learner", ttl_s=6 * 3600)
        for user_id in learner_ids
    ]
    return PlayWorld(scenario_id, version_id, first_question_id, tokens)


# --- the statements of one answer, and pgbench ----------------------------------------------


@contextlib.contextmanager
def capturing(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement (with its parameters) the engine sends while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(conn: object, cursor: object, statement: str, params: Any, *args: object) -> None:
        seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def capture_answer(
    engine: Engine,
    *,
    actor: Principal,
    attempt_id: uuid.UUID,
    question_id: uuid.UUID,
    labels: Sequence[str] = (),
    text_answer: str | None = None,
    idempotency_key: str | None = None,
) -> tuple[list[tuple[str, Any]], answers.AnswerResult]:
    """The statements one `submit_answer` issues (version cache warm), and its result."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session:
        attempt_version = session.execute(
            text("SELECT version_id FROM user_progress WHERE id = :id"), {"id": attempt_id}
        ).scalar_one()
        versions.get(session, attempt_version)  # what a running server has cached
    with capturing(engine) as seen:
        result = answers.submit_answer(
            sessions=sessions,
            actor=actor,
            attempt_id=attempt_id,
            question_id=question_id,
            labels=labels,
            text=text_answer,
            idempotency_key=idempotency_key,
        )
    return seen, result


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def sql_literal(value: object) -> str:
    """A captured parameter as an SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, list | tuple):  # an array parameter (the statement casts it)
        return "ARRAY[" + ", ".join(sql_literal(item) for item in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def pgbench_script(
    statements: Sequence[tuple[str, Any]], swaps: dict[object, str], preamble: Sequence[str]
) -> str:
    """A pgbench script running `statements` in one transaction.

    A parameter whose value is a key of `swaps` becomes that SQL expression (pgbench variables
    in it); every other parameter becomes its captured literal.
    """
    lines = [*preamble, "BEGIN;"]
    for statement, params in statements:
        rows = params if isinstance(params, list | tuple) else [params]
        for row in rows:  # an executemany becomes one statement per row, as psycopg sends it

            def fill(match: re.Match[str], row: dict[str, Any] = row) -> str:
                value = row[match.group(1)]
                swapped = swaps.get(value) if isinstance(value, uuid.UUID | str) else None
                return f"({swapped})" if swapped else sql_literal(value)

            one_line = " ".join(_PLACEHOLDER.sub(fill, statement).split())
            lines.append(one_line + ";")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def answer_script(engine: Engine, world: PlayWorld) -> tuple[str, list[str]]:
    """The pgbench script of one answer, captured from the service on pgbench attempt 1."""
    attempt_id, user_id = uuid.UUID(int=1), uuid.UUID(int=USER_OFFSET + 1)
    key = "captured-key"
    seen, result = capture_answer(
        engine,
        actor=Principal(user_id, "learner", None),
        attempt_id=attempt_id,
        question_id=world.first_question_id,
        labels=["B"],
        idempotency_key=key,
    )
    swaps: dict[object, str] = {
        attempt_id: "lpad(to_hex(:aid::bigint), 32, '0')",
        user_id: "lpad(to_hex(:uid::bigint), 32, '0')",
        result.answer_id: (
            "lpad(to_hex(:r1::bigint), 16, '0') || lpad(to_hex(:r2::bigint), 16, '0')"
        ),
        key: ":r1::text",
    }
    preamble = [
        r"\set aid :client_id + 1",
        rf"\set uid :aid + {USER_OFFSET}",
        r"\set r1 random(1, 4611686018427387903)",
        r"\set r2 random(1, 4611686018427387903)",
    ]
    return pgbench_script(seen, swaps, preamble), [s for s, _ in seen]


def pgbench_binary() -> str:
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pgbench"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise SystemExit("pgbench not found: install postgresql-contrib or the server package")
    return candidates[-1]


@dataclass(frozen=True, slots=True)
class PgbenchResult:
    clients: int
    tps: float
    latency_avg_ms: float | None
    failed: int


def run_pgbench(url: URL, script: Path, *, clients: int, duration_s: float) -> PgbenchResult:
    command = [
        pgbench_binary(),
        "-n",
        "-M",
        "prepared",
        "-c",
        str(clients),
        "-j",
        str(min(2, clients)),
        "-T",
        str(max(1, round(duration_s))),
        "-f",
        str(script),
        libpq_url(url),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_s + 60, check=False
    )
    output = done.stdout + done.stderr
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    if done.returncode != 0 or tps is None:
        raise RuntimeError(f"pgbench failed ({done.returncode}):\n{output[-2000:]}")
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    failed = re.search(r"number of failed transactions: (\d+)", output)
    return PgbenchResult(
        clients=clients,
        tps=float(tps.group(1)),
        latency_avg_ms=float(latency.group(1)) if latency else None,
        failed=int(failed.group(1)) if failed else 0,
    )


# --- the HTTP server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(slots=True)
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def cpu_seconds(self) -> float:
        """CPU seconds of the server and its worker processes so far."""
        return sum(_proc_cpu(pid) for pid in _process_tree(self.process.pid))


@contextlib.contextmanager
def serving(
    url: URL,
    secret: str,
    *,
    workers: int = 1,
    env: dict[str, str] | None = None,
    uvicorn_args: Sequence[str] = (),
    app: str = API_APP,
) -> Iterator[Server]:
    """uvicorn with production settings on a free loopback port, stopped afterwards."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="quizflow-bench-"))
    log = workdir / "server.log"
    environment = os.environ | {
        "DATABASE_URL": libpq_url(url),
        "QUIZFLOW_JWT_SECRET": secret,
        "QUIZFLOW_CONFIG_DIR": str(workdir / "config"),
        "QUIZFLOW_DATA_DIR": str(workdir / "data"),
    }
    environment |= env or {}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if workers > 1:
        command += ["--workers", str(workers)]
    command += list(uvicorn_args)
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=environment, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.base_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not become healthy:\n{server.log.read_text()[-2000:]}")


def _process_tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue and len(pids) < 64:
        current = queue.pop()
        pids.append(current)
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            queue.extend(int(c) for c in children)
    return pids


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / ticks, sum(values) / ticks


# --- one level, all levels --------------------------------------------------------------------


def percentile_ms(latencies_s: Sequence[float], q: int) -> float:
    if len(latencies_s) < 2:
        return latencies_s[0] * 1000 if latencies_s else float("nan")
    return statistics.quantiles(latencies_s, n=100, method="inclusive")[q - 1] * 1000


@dataclass(frozen=True, slots=True)
class Level:
    learners: int
    load: LoadResult
    pgbench: PgbenchResult
    server_cpu: float
    machine_cpu: float
    loadavg: tuple[float, float, float]

    def as_run(self) -> dict[str, Any]:
        lat = self.load.latencies_s
        answers_per_s = self.load.answers_per_s
        requests = self.load.answers + self.load.starts
        return {
            "learners": self.learners,
            "answers_per_s": round(answers_per_s, 1),
            "p50_ms": round(percentile_ms(lat, 50), 2),
            "p95_ms": round(percentile_ms(lat, 95), 2),
            "p99_ms": round(percentile_ms(lat, 99), 2),
            "pgbench_tps": round(self.pgbench.tps, 1),
            "ratio_vs_pgbench": round(answers_per_s / self.pgbench.tps, 3),
            "loadgen_cpu_share": round(self.load.cpu_share, 3),
            "answers": self.load.answers,
            "attempts_started": self.load.starts,
            "attempts_completed": self.load.completed,
            "errors": self.load.errors,
            "error_samples": self.load.error_samples,
            "window_s": self.load.window_s,
            "pgbench_clients": self.pgbench.clients,
            "pgbench_latency_avg_ms": self.pgbench.latency_avg_ms,
            "pgbench_failed": self.pgbench.failed,
            "server_cpu_cores": round(self.server_cpu, 3),
            "db_connections_opened": int(self.load.counters.get("db_sessions", 0)),
            "server_cpu_ms_per_request": round(
                self.server_cpu * self.load.window_s * 1000 / max(requests, 1), 2
            ),
            "machine_cpu_busy": round(self.machine_cpu, 3),
            "loadavg_before": list(self.loadavg),
        }


def run_level(
    server: Server,
    url: URL,
    world: PlayWorld,
    script: Path,
    *,
    learners: int,
    warmup_s: float,
    duration_s: float,
    pgbench_cap: int,
    client: str = "raw",
) -> Level:
    loadavg = os.getloadavg()
    stats = create_engine(url, poolclass=StaticPool)

    def counters() -> dict[str, float]:
        busy, total = machine_busy()
        with stats.connect() as conn:  # one connection throughout: it is not counted twice
            sessions = conn.execute(
                text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
            ).scalar_one()
        return {
            "server_cpu_s": server.cpu_seconds(),
            "busy_s": busy,
            "total_s": total,
            "db_sessions": float(sessions),
        }

    result = asyncio.run(
        play(
            server.base_url,
            world.tokens[:learners],
            str(world.scenario_id),
            warmup_s=warmup_s,
            duration_s=duration_s,
            seed=learners,
            client=client,
            counters=counters,
        )
    )
    stats.dispose()
    server_cpu = result.counters["server_cpu_s"] / duration_s
    machine_cpu = result.counters["busy_s"] / max(result.counters["total_s"], 1e-9)
    bench = run_pgbench(url, script, clients=min(learners, pgbench_cap), duration_s=duration_s)
    return Level(learners, result, bench, server_cpu, machine_cpu, loadavg)


def measure(
    *,
    levels: Sequence[int] = LEVELS,
    duration_s: float = DURATION_S,
    warmup_s: float = WARMUP_S,
    workers: int = WORKERS,
    server_env: dict[str, str] | None = None,
    uvicorn_args: Sequence[str] = (),
    client: str = "raw",
    on_level: Callable[[Level], None] | None = None,
    app: str = API_APP,
) -> dict[str, Any]:
    """Run every level; returns the play.json payload (runs, machine, the captured SQL)."""
    server = server_url()
    secret = secrets.token_hex(32)
    settings = Settings(jwt_secret=SecretStr(secret))
    with fresh_database(server, DATABASE) as url:
        engine = create_engine(url)
        try:
            cap = connections_available(engine)
            world = build_world(engine, settings, max(levels), max(levels))
            script_text, statements = answer_script(engine, world)
            version = server_version(engine)
        finally:
            engine.dispose()
        workdir = Path(tempfile.mkdtemp(prefix="quizflow-pgbench-"))
        script = workdir / "answer.sql"
        script.write_text(script_text)
        runs = []
        try:
            with serving(
                url, secret, workers=workers, env=server_env, uvicorn_args=uvicorn_args, app=app
            ) as http:
                # Connections the server's pools may hold are not pgbench's to take.
                pgbench_cap = max(1, cap - SERVER_POOL * workers)
                for learners in levels:
                    level = run_level(
                        http,
                        url,
                        world,
                        script,
                        learners=learners,
                        warmup_s=warmup_s,
                        duration_s=duration_s,
                        pgbench_cap=pgbench_cap,
                        client=client,
                    )
                    runs.append(level.as_run())
                    if on_level is not None:
                        on_level(level)
                canned = capture_play_responses(http, world, workdir / "canned.json")
            ceiling = {
                routes: measure_ceiling(
                    url,
                    secret,
                    world,
                    canned,
                    learners=32 if 32 in levels else levels[0],
                    warmup_s=warmup_s,
                    duration_s=duration_s,
                    workers=workers,
                    client=client,
                    async_routes=routes == "async_routes",
                )
                for routes in ("sync_routes", "async_routes")
            }
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    facts = machine() | {"postgresql": version}
    facts["uvicorn_workers"] = workers
    facts["server_env"] = server_env or {}
    facts["uvicorn_args"] = list(uvicorn_args)
    facts["load_generator"] = f"bench/loadgen.py, {client} client"
    facts["app"] = app
    return {
        "runs": runs,
        "ceiling": ceiling,
        "machine": facts,
        "answer_sql": statements,
        "pgbench_script": script_text,
    }


def capture_play_responses(server: Server, world: PlayWorld, path: Path) -> Path:
    """One real attempt and one real answer as the server sends them, for the ceiling app."""
    headers = {"Authorization": f"Bearer {world.tokens[0]}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:
        attempt = client.post("/attempts", json={"scenario_id": str(world.scenario_id)})
        attempt.raise_for_status()
        state = attempt.json()
        body = choose(state["current_question"], random.Random(0))
        answer = client.post(f"/attempts/{state['id']}/answers", json=body)
        answer.raise_for_status()
    path.write_text(json.dumps({"attempt": state, "answer": answer.json()}))
    return path


def measure_ceiling(
    url: URL,
    secret: str,
    world: PlayWorld,
    canned: Path,
    *,
    learners: int,
    warmup_s: float,
    duration_s: float,
    workers: int,
    client: str,
    async_routes: bool,
) -> dict[str, Any]:
    """The same load against bench/ceiling_app.py: the HTTP stack with no database work."""
    env = {
        "QUIZFLOW_BENCH_CANNED": str(canned),
        "QUIZFLOW_BENCH_ASYNC_ROUTES": "1" if async_routes else "0",
    }
    with serving(url, secret, workers=workers, env=env, app="bench.ceiling_app:create_app") as http:
        load = asyncio.run(
            play(
                http.base_url,
                world.tokens[:learners],
                str(world.scenario_id),
                warmup_s=warmup_s,
                duration_s=duration_s,
                seed=learners,
                client=client,
                counters=lambda: {"server_cpu_s": http.cpu_seconds()},
            )
        )
    requests = load.answers + load.starts
    return {
        "learners": learners,
        "answers_per_s": round(load.answers_per_s, 1),
        "p99_ms": round(percentile_ms(load.latencies_s, 99), 2),
        "server_cpu_ms_per_request": round(
            load.counters["server_cpu_s"] * 1000 / max(requests, 1), 3
        ),
        "loadgen_cpu_share": round(load.cpu_share, 3),
        "errors": load.errors,
    }


def print_runs(payload: dict[str, Any], console: Console) -> None:
    table = Table(
        "learners",
        "answers/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "pgbench tps",
        "API/pgbench",
        "loadgen CPU",
        "server CPU",
        "CPU ms/req",
        "new conns",
        "errors",
        title="B1 — play throughput over HTTP vs pgbench running the SQL of one answer",
        title_justify="left",
    )
    for run in payload["runs"]:
        ok = run["learners"] != 32 or (
            run["ratio_vs_pgbench"] >= TARGET_RATIO and run["p99_ms"] < TARGET_P99_MS
        )
        ratio = f"{run['ratio_vs_pgbench']:.2f}"
        clients = (
            f" (-c {run['pgbench_clients']})" if run["pgbench_clients"] != run["learners"] else ""
        )
        table.add_row(
            str(run["learners"]),
            f"{run['answers_per_s']:,.0f}",
            f"{run['p50_ms']:.1f}",
            f"{run['p95_ms']:.1f}",
            f"{run['p99_ms']:.1f}",
            f"{run['pgbench_tps']:,.0f}{clients}",
            ratio if ok else f"[bold red]{ratio}[/]",
            f"{run['loadgen_cpu_share']:.2f}",
            f"{run['server_cpu_cores']:.2f}",
            f"{run['server_cpu_ms_per_request']:.2f}",
            str(run["db_connections_opened"]),
            str(run["errors"]),
        )
    console.print(table)
    for routes, ceiling in payload.get("ceiling", {}).items():
        at = next((r for r in payload["runs"] if r["learners"] == ceiling["learners"]), None)
        versus = f" = {ceiling['answers_per_s'] / at['pgbench_tps']:.2f} × pgbench" if at else ""
        kind = "async def" if routes == "async_routes" else "def, as the API's"
        console.print(
            f"HTTP stack alone (bench/ceiling_app.py, no database; routes {kind}) at "
            f"{ceiling['learners']} learners: {ceiling['answers_per_s']:,.0f} answers/s"
            f"{versus}, p99 {ceiling['p99_ms']:.1f} ms, "
            f"{ceiling['server_cpu_ms_per_request']:.2f} ms server CPU per request",
            highlight=False,
        )
    console.print(
        "CPU columns: cores used (1.0 = one core) by the load generator and by the server; "
        "CPU ms/req: server CPU per HTTP request (answers and attempt starts); new conns: "
        "database connections the server opened while measuring.",
        style="dim",
    )


def write_play_json(payload: dict[str, Any], path: Path = RESULTS_DIR / "play.json") -> Path:
    """bench/results/play.json: {"runs": [...], "ceiling": {...}, "machine": {...}}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "runs": payload["runs"],
        "ceiling": payload["ceiling"],
        "machine": payload["machine"],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def report_of(payload: dict[str, Any]) -> Report:
    at32 = next((r for r in payload["runs"] if r["learners"] == 32), payload["runs"][0])
    note = f"{at32['learners']} learners"
    figures = [
        Figure(
            "pgbench tps ÷ API answers/s",
            at32["pgbench_tps"] / max(at32["answers_per_s"], 1e-9),
            "×",
            1 / TARGET_RATIO,
            note=f"{note}; API ÷ pgbench = {at32['ratio_vs_pgbench']:.2f}, target ≥ {TARGET_RATIO}",
        ),
        Figure("answer p99", at32["p99_ms"], "ms", TARGET_P99_MS, note=note),
    ]
    # Not "play": bench/results/play.json is the runs themselves, in the shape tools read.
    return Report(
        "play_summary",
        "B1 — play throughput",
        figures,
        details={
            "runs": "bench/results/play.json",
            "answer_sql": payload["answer_sql"],
            "pgbench_script": payload["pgbench_script"],
        },
        notes=[
            "answers/s by learners: "
            + ", ".join(f"{r['learners']}: {r['answers_per_s']:,.0f}" for r in payload["runs"])
            + " (every figure: bench/results/play.json)"
        ],
    )


def run(quick: bool = False) -> Report:
    """The benchmark as `python -m bench` runs it: prints the table, writes play.json."""
    console = Console(width=max(Console().width, 130))
    payload = measure(
        duration_s=QUICK_DURATION_S if quick else DURATION_S,
        warmup_s=QUICK_WARMUP_S if quick else WARMUP_S,
    )
    print_runs(payload, console)
    console.print(f"wrote {write_play_json(payload)}", style="dim", highlight=False)
    return report_of(payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_play", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 s per level instead of 15 s")
    parser.add_argument("--learners", type=int, nargs="*", default=list(LEVELS))
    parser.add_argument("--duration", type=float, help="seconds measured per level")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per level")
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"uvicorn worker processes ({WORKERS})"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="server setting"
    )
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw")
    parser.add_argument(
        "--app",
        default=API_APP,
        help="the app factory to serve, e.g. bench.async_prototype:create_app (see its docstring)",
    )
    parser.add_argument("--uvicorn-arg", action="append", default=[], help="e.g. --http=h11")
    parser.add_argument("--no-write", action="store_true", help="do not write play.json")
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 130))
    payload = measure(
        levels=args.learners,
        duration_s=args.duration or (QUICK_DURATION_S if args.quick else DURATION_S),
        warmup_s=args.warmup or (QUICK_WARMUP_S if args.quick else WARMUP_S),
        workers=args.workers,
        server_env=dict(item.split("=", 1) for item in args.env),
        uvicorn_args=args.uvicorn_arg,
        client=args.client,
        app=args.app,
    )
    print_runs(payload, console)
    if not args.no_write:
        console.print(f"wrote {write_play_json(payload)}", style="dim", highlight=False)
    return 0 if report_of(payload).passed else 1


if __name__ == "__main__":
    sys.exit(main())
