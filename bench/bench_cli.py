"""The CLI's start-up: `quizflow --help`, `quizflow version` and every command's `--help`.

    python -m bench cli        (or: python bench/bench_cli.py)

Each command line runs RUNS times in a fresh process, as a user types it; the median wall time
(the process as a whole, interpreter start included) and CPU time (user + system of the child)
are reported. A separate process per command line counts the modules it imports and lists any
heavy library among them (the database, web, storage and document stacks, and the services):
none may be imported to print help or the version (`quizflow.cli.LAZY_MODULES`), so each one
found is a miss.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure, Report, version_of
from quizflow.cli import lazy_modules_in

RUNS = 7
WALL_TARGET_S = 0.5
CPU_TARGET_S = 0.3
# Typer (0.29) imports pydantic, about 100 modules, to run any command (a command's --help
# included; not the top-level --help, which exits first): the floor is ~450.
MODULES_TARGET = 500
#: Every command (and group) of the CLI, each measured with --help.
COMMANDS = (
    "db",
    "db upgrade",
    "users",
    "users create",
    "token",
    "flow",
    "flow graph",
    "play",
    "demo",
    "demo load",
    "serve",
    "import",
    "export",
    "storage",
    "storage gc",
)
# Runs in the measured interpreter after the command: the modules it imported, on stderr's
# last line (the measured runs above run the real entry point, without this).
_PROBE = """
import json, sys
from quizflow.cli.main import main
sys.argv = ["quizflow", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def _command() -> list[str]:
    """The installed `quizflow` next to this interpreter, else `python -m quizflow`."""
    script = shutil.which("quizflow", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "quizflow"]


def _once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _imports(args: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return {"modules": len(modules), "heavy": lazy_modules_in(modules)}


def measure(args: list[str], runs: int = RUNS) -> dict[str, Any]:
    """Median wall and CPU seconds of `quizflow ARGS`, and what it imports."""
    argv = [*_command(), *args]
    _once(argv)  # warm the page cache and the bytecode: users run it more than once
    samples = [_once(argv) for _ in range(runs)]
    return {
        "wall_s": statistics.median(wall for wall, _ in samples),
        "cpu_s": statistics.median(cpu for _, cpu in samples),
        **_imports(args),
    }


def run() -> Report:
    lines = {"--help": ["--help"], "version": ["version"]}
    lines |= {f"{name} --help": [*name.split(), "--help"] for name in COMMANDS}
    load_before = os.getloadavg()[0]
    results = {line: measure(args) for line, args in lines.items()}
    load_after = os.getloadavg()[0]
    figures: list[Figure] = []
    for line in ("--help", "version"):
        figures += _figures(f"quizflow {line}", results[line])
    commands = {line: r for line, r in results.items() if line not in ("--help", "version")}
    # By CPU time: on a shared machine the wall time mostly measures the neighbours.
    slowest = max(commands, key=lambda line: commands[line]["cpu_s"])
    figures += _figures(f"quizflow <cmd> --help, slowest ({slowest})", commands[slowest])
    figures.append(
        Figure(
            "heavy modules imported, all command lines",
            sum(len(r["heavy"]) for r in results.values()),
            "modules",
            1,
            note="sqlalchemy, fastapi, boto3, lxml, services…",
        )
    )
    notes = [f"{line}: {', '.join(r['heavy'])}" for line, r in results.items() if r["heavy"]] or [
        "No command line imported a heavy module."
    ]
    notes.append(
        f"Load average {load_before:.1f} before, {load_after:.1f} after: wall times above the "
        "CPU times are time spent waiting for a core."
    )
    return Report(
        name="cli",
        title=f"CLI start-up (median of {RUNS} fresh processes each)",
        figures=figures,
        details={
            "runs": RUNS,
            "typer": version_of("typer"),
            "load_average": [load_before, load_after],
            "command_lines": results,
        },
        notes=notes,
    )


def _figures(label: str, result: dict[str, Any]) -> list[Figure]:
    return [
        Figure(f"{label}: wall", result["wall_s"], "s", WALL_TARGET_S),
        Figure(f"{label}: CPU", result["cpu_s"], "s", CPU_TARGET_S),
        Figure(f"{label}: modules", result["modules"], "modules", MODULES_TARGET),
    ]


if __name__ == "__main__":
    from rich.console import Console

    from bench.common import machine, print_report, write_report

    report = run()
    print_report(report, Console())
    print(f"wrote {write_report(report, machine())}")
    sys.exit(0 if report.passed else 1)
