"""B1's comparison: the SQL one answer issues, captured from the service, run by pgbench."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from bench.play_world import USER_OFFSET, PlayWorld, libpq_url
from quizflow.auth import Principal
from quizflow.services import answers
from quizflow.services.content import versions


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
