"""What every benchmark shares: facts about the machine, the results table, the JSON file.

A benchmark's `run()` returns a `Report` of `Figure`s, each a measured value and the target it
must stay under; `python -m bench` prints them and writes bench/results/<name>.json.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured value; it passes when it is under `target` (None: shown for information)."""

    name: str
    value: float
    unit: str
    target: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "PASS" if self.value < self.target else "MISS"


@dataclass(slots=True)
class Report:
    name: str
    title: str
    figures: list[Figure]
    details: dict[str, Any] = field(default_factory=dict)
    #: Printed under the table: what a missed target comes from, for instance.
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(f.verdict != "MISS" for f in self.figures)


def best_of(action: Callable[[], object], *, repeat: int, budget_s: float) -> list[float]:
    """Seconds per call of `action`, `repeat` times, or fewer once `budget_s` is spent."""
    times: list[float] = []
    while len(times) < repeat and sum(times) < budget_s:
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024, 0)
    except OSError:
        pass
    return None


def postgres_version() -> str | None:
    """The server version behind DATABASE_URL or TEST_DATABASE_URL, when one answers."""
    raw = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not raw:
        return None
    try:
        from sqlalchemy import create_engine, text

        from quizflow.db.engine import parse_database_url

        engine = create_engine(parse_database_url(raw), connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                return str(conn.execute(text("SHOW server_version")).scalar_one())
        finally:
            engine.dispose()
    except Exception:  # a benchmark without a database still runs
        return None


def machine() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": cpu_model(),
        "memory_mb": memory_total_mb(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "postgresql": postgres_version(),
    }


def version_of(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def print_report(report: Report, console: Console) -> None:
    table = Table("figure", "value", "target", "", title=report.title, title_justify="left")
    for figure in report.figures:
        target = "" if figure.target is None else f"< {figure.target:g} {figure.unit}"
        style = {"PASS": "green", "MISS": "bold red"}.get(figure.verdict, "")
        name = f"{figure.name}  [dim]{figure.note}[/dim]" if figure.note else figure.name
        table.add_row(
            name,
            f"{figure.value:,.3f} {figure.unit}",
            target,
            (f"[{style}]{figure.verdict}[/]" if style else figure.verdict),
        )
    console.print(table)
    for note in report.notes:
        console.print(note, highlight=False, markup=False, soft_wrap=True)


def write_report(report: Report, facts: dict[str, Any], directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{report.name}.json"
    payload = {
        "benchmark": report.name,
        "title": report.title,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "passed": report.passed,
        "figures": [asdict(f) | {"verdict": f.verdict} for f in report.figures],
        "details": report.details,
        "notes": report.notes,
        "machine": facts,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def hotspots(action: Callable[[], object], limit: int = 8) -> list[str]:
    """Where `action` spends its time under cProfile: the costliest calls by cumulative time,
    as "seconds  file:line(function)", the caller's own code and its libraries alike."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(action)
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, function), entry in stats.stats.items():  # type: ignore[attr-defined]
        cumulative = entry[3]
        if filename.startswith("<") or function.startswith("<"):
            continue
        rows.append((cumulative, f"{_short(filename)}:{line}({function})"))
    rows.sort(reverse=True)
    return [f"{seconds:7.3f} s  {where}" for seconds, where in rows[:limit]]


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
