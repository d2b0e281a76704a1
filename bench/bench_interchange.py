"""Question banks of 10,000 questions in each interchange format: write, read, plan, import.

    python -m bench interchange

Per format (GIFT, Aiken, Moodle XML, QTI 3): the time to write the bank, and in a fresh
interpreter the time and peak RSS to read it and plan its import (every question checked and
sanitised, as `quizflow import --dry-run` does). With DATABASE_URL or TEST_DATABASE_URL, the
whole GIFT import into a throwaway database is measured too (file kept, one transaction).
Targets on the 2-core reference machine: write < 5 s (QTI, a file per item: < 10 s), read +
plan < 20 s, import < 30 s, peak RSS < 300 MB (the documents' memory budget).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import Figure, Report
from quizflow.interchange.formats import write_bank
from quizflow.interchange.model import (
    Bank,
    BankChoice,
    BankQuestion,
    BankRule,
    BankScenario,
    Format,
    letter,
)

QUESTIONS = 10_000
TARGET_WRITE_S = 5.0
#: A QTI package is one XML document per item, each serialised and deflated on its own.
TARGET_WRITE_QTI_S = 10.0
TARGET_READ_S = 20.0
TARGET_IMPORT_S = 30.0
TARGET_PEAK_MB = 300.0
FORMATS: tuple[Format, ...] = ("gift", "aiken", "moodle-xml", "qti3")
SAMPLE = "é ü ß 中文 ✓ →"

_CHILD = """
import json, sys, time
from pathlib import Path

def peak_mb():
    # VmHWM, this address space's own peak (ru_maxrss carries the parent's over on Linux).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0

from quizflow.interchange.formats import read_bank
from quizflow.services.interchange import import_bank, plan_import
from quizflow.settings import Settings
path, file_format, database = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
before = peak_mb()
data = path.read_bytes()
start = time.perf_counter()
bank = read_bank(data, filename=path.name, file_format=file_format)
read = time.perf_counter()
plan = plan_import(bank, file_format)
planned = time.perf_counter()
result = {"rss_before_mb": before, "read_s": read - start, "plan_s": planned - read,
          "questions": plan.question_count}
if database:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker
    from quizflow.auth import Principal
    from quizflow.db import models as orm
    from quizflow.storage.local import LocalBlobStore
    engine = create_engine(database)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions.begin() as session:
        user = orm.User(email="bench@example.com", display_name="bench", role=orm.UserRole.AUTHOR)
        session.add(user)
        session.flush()
        actor = Principal(user_id=user.id, role="author", email=user.email)
    settings = Settings(max_upload_bytes=200 * 1024 * 1024)
    store = LocalBlobStore(Path(sys.argv[4]))
    began = time.perf_counter()
    created = import_bank(sessions=sessions, store=store, settings=settings, actor=actor,
                          data=data, filename=path.name, file_format=file_format)
    result["import_s"] = time.perf_counter() - began
    result["imported"] = sum(s.question_count for s in created.scenarios)
result["rss_peak_mb"] = peak_mb()
print(json.dumps(result))
"""


def build_bank(count: int = QUESTIONS) -> Bank:
    """`count` questions in 10 scenarios: four choices with feedback, one in five multiple
    answer, one in twenty free text, one in ten with a forward branch."""
    scenarios = []
    per = count // 10
    for s in range(10):
        questions = []
        for n in range(per):
            number = s * per + n + 1
            kind = "text" if number % 20 == 0 else ("multiple" if number % 5 == 0 else "single")
            choices: tuple[BankChoice, ...] = ()
            if kind != "text":
                choices = tuple(
                    BankChoice(
                        letter(i),
                        f"Option {letter(i)} of question {number}: step {letter(i)} {SAMPLE}",
                        (0.5 if i in (1, 3) else -1.0)
                        if kind == "multiple"
                        else (1.0 if i == 1 else 0.0),
                        f"Feedback on {letter(i)}: see section {number % 17}." if i == 1 else None,
                    )
                    for i in range(4)
                )
            rules: tuple[BankRule, ...] = ()
            if number % 10 == 3 and n + 2 < per and kind == "single":
                rules = (BankRule("answer == B", f"q{number + 2}"), BankRule("default", None))
            questions.append(
                BankQuestion(
                    id=f"q{number}",
                    kind=kind,  # type: ignore[arg-type]
                    prompt_html=f"<p>Question {number}: which step comes next? {SAMPLE}</p>",
                    choices=choices,
                    general_feedback_html=f"<p>Step B follows ({number % 17}).</p>",
                    rules=rules,
                )
            )
        scenarios.append(BankScenario(f"Part {s + 1}", tuple(questions)))
    return Bank(tuple(scenarios))


def _database() -> str | None:
    """A fresh migrated database on the configured server, or None when there is none."""
    configured = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not configured:
        return None
    from sqlalchemy import create_engine, text

    from quizflow.db.engine import parse_database_url
    from quizflow.db.migrate import default_migrations_dir, load_migrations, upgrade

    server = parse_database_url(configured)
    name = f"qf_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.set(database=name)
    engine = create_engine(url)
    upgrade(engine, load_migrations(default_migrations_dir()))
    engine.dispose()
    return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def _measure(path: Path, file_format: Format, database: str, objects: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), file_format, database, str(objects)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"reading {path.name} failed:\n{result.stderr}")
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in measured.items()}


def run() -> Report:
    bank = build_bank()
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    database = _database() or ""
    with tempfile.TemporaryDirectory(prefix="qf-bench-interchange-") as scratch:
        for file_format in FORMATS:
            start = time.perf_counter()
            written = write_bank(bank, file_format)
            write_s = time.perf_counter() - start
            path = Path(scratch) / f"bank-{file_format}.bin"
            path.write_bytes(written.data)
            with_db = database if file_format == "gift" else ""
            measured = _measure(path, file_format, with_db, Path(scratch) / "objects")
            details[file_format] = {
                "write_s": round(write_s, 3),
                "bytes": len(written.data),
                "not_kept": len(written.notes),
                **measured,
            }
            name = f"{file_format}: write {QUESTIONS:,}"
            figures += [
                Figure(
                    name,
                    round(write_s, 2),
                    "s",
                    TARGET_WRITE_QTI_S if file_format == "qti3" else TARGET_WRITE_S,
                ),
                Figure(
                    f"{file_format}: read + plan",
                    round(measured["read_s"] + measured["plan_s"], 2),
                    "s",
                    TARGET_READ_S,
                    note=f"{measured['questions']:,} questions, {len(written.data) / 1e6:.1f} MB",
                ),
                Figure(
                    f"{file_format}: peak RSS",
                    round(measured["rss_peak_mb"], 1),
                    "MB",
                    TARGET_PEAK_MB,
                    note=f"{measured['rss_before_mb']:.0f} MB before",
                ),
            ]
            if "import_s" in measured:
                figures.append(
                    Figure(
                        f"{file_format}: import into PostgreSQL",
                        round(measured["import_s"], 2),
                        "s",
                        TARGET_IMPORT_S,
                        note=f"{measured['imported']:,} questions in one transaction",
                    )
                )
    notes = [] if database else ["no DATABASE_URL/TEST_DATABASE_URL: the import was not timed"]
    return Report(
        "interchange",
        f"Question banks of {QUESTIONS:,} questions: write, read, plan, import",
        figures,
        details,
        notes,
    )
