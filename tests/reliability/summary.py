"""What the reliability suite did, counted while it runs and written when the session ends.

Tests add to the one `SUMMARY` of this process (the suite runs in one process); the
session-finish hook in conftest.py calls `write_summary`, which also names the hostile-input
suites that live elsewhere (schemathesis, the authorization matrix) and how many cases they have.
"""

from __future__ import annotations

import json
import platform
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

LAST_RUN = Path(__file__).with_name("last-run.json")
RELIABILITY_DIR = "tests/reliability/"
RELATED = {
    "schemathesis": "tests/api/test_schemathesis.py",
    "authorization_matrix": "tests/api/test_authorization_matrix.py",
}


@dataclass
class RunSummary:
    """Counters shared by the tests; safe to bump from threads and event loops alike."""

    started: float = field(default_factory=time.monotonic)
    requests_sent: int = 0
    responses: Counter[str] = field(default_factory=Counter)
    faults: list[str] = field(default_factory=list)
    hostile: Counter[str] = field(default_factory=Counter)
    answers_acknowledged: int = 0
    answers_stored: int = 0
    lost: int = 0
    retries: Counter[str] = field(default_factory=Counter)
    notes: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def request_sent(self) -> None:
        with self._lock:
            self.requests_sent += 1

    def response(self, status: int | str) -> None:
        with self._lock:
            self.responses[str(status)] += 1

    def fault(self, description: str) -> None:
        with self._lock:
            self.faults.append(description)

    def hostile_input(self, kind: str, count: int = 1) -> None:
        with self._lock:
            self.hostile[kind] += count

    def retry(self, why: str) -> None:
        with self._lock:
            self.retries[why] += 1

    def answers(self, *, acknowledged: int, stored: int, lost: int) -> None:
        with self._lock:
            self.answers_acknowledged += acknowledged
            self.answers_stored += stored
            self.lost += lost

    def note(self, name: str, value: Any) -> None:
        with self._lock:
            self.notes[name] = value


SUMMARY = RunSummary()


def _related_cases() -> dict[str, Any]:
    """How many cases the hostile-input suites outside this folder have, by construction."""
    cases: dict[str, Any] = {}
    try:
        from tests.api import test_authorization_matrix as matrix

        cases["authorization_matrix"] = (
            f"{len(matrix.MATRIX)} endpoints × {len(matrix.CALLERS)} callers = "
            f"{len(matrix.MATRIX) * len(matrix.CALLERS)} cases, plus 2 draft-visibility cases"
        )
    except Exception as exc:  # a summary must never fail the run
        cases["authorization_matrix"] = f"not counted: {exc}"
    try:
        from quizflow.api.app import create_app
        from quizflow.settings import Settings
        from tests.api import test_schemathesis as fuzz

        schema = create_app(Settings(jwt_secret="x" * 40)).openapi()  # type: ignore[arg-type]
        operations = sum(
            1
            for methods in schema["paths"].values()
            for method in methods
            if method in {"get", "post", "put", "patch", "delete"}
        )
        cases["schemathesis"] = (
            f"{operations} operations × 2 callers × up to {fuzz.EXAMPLES_PER_OPERATION} "
            f"generated requests = up to {operations * 2 * fuzz.EXAMPLES_PER_OPERATION} requests"
        )
    except Exception as exc:
        cases["schemathesis"] = f"not counted: {exc}"
    return cases


def _outcomes(session: pytest.Session) -> dict[str, Counter[str]]:
    """Outcomes of this session's tests, grouped by file, from the terminal reporter."""
    by_file: dict[str, Counter[str]] = {}
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return by_file
    for outcome, reports in reporter.stats.items():
        if outcome in {"", "warnings", "deselected"}:  # passing set-ups, warnings
            continue
        for nodeid in {getattr(report, "nodeid", "") for report in reports}:
            if nodeid:
                by_file.setdefault(nodeid.split("::", 1)[0], Counter())[outcome] += 1
    return by_file


def write_summary(session: pytest.Session, path: Path = LAST_RUN) -> dict[str, Any] | None:
    """Write the run's figures to `path`; nothing is written when no reliability test ran."""
    outcomes = _outcomes(session)
    ours = {name: dict(c) for name, c in outcomes.items() if name.startswith(RELIABILITY_DIR)}
    if not ours:
        return None
    s = SUMMARY
    related = _related_cases()
    for name, file in RELATED.items():
        ran = outcomes.get(file)
        related[f"{name}_this_run"] = dict(ran) if ran else "not collected in this session"
    data: dict[str, Any] = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.monotonic() - s.started, 1),
        "requests_sent": s.requests_sent,
        "responses_by_status": dict(sorted(s.responses.items())),
        "client_retries": dict(sorted(s.retries.items())),
        "faults_injected": len(s.faults),
        "faults": s.faults,
        "hostile_inputs_tried": sum(s.hostile.values()),
        "hostile_inputs_by_kind": dict(sorted(s.hostile.items())),
        "answers_acknowledged": s.answers_acknowledged,
        "answers_stored": s.answers_stored,
        "lost": s.lost,
        "tests": ours,
        "related_hostile_input_suites": related,
        "details": s.notes,
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return data


def _cpus() -> int | None:
    import os

    return os.cpu_count()


def latency_figures(samples_s: list[float]) -> dict[str, Any]:
    """Count, p50, p95, p99 and max of latencies in seconds, as milliseconds (nearest rank)."""
    ordered = sorted(samples_s)
    if not ordered:
        return {"count": 0}

    def rank(share: float) -> float:
        index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
        return round(ordered[index] * 1000, 1)

    return {
        "count": len(ordered),
        "p50_ms": rank(0.50),
        "p95_ms": rank(0.95),
        "p99_ms": rank(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
    }
