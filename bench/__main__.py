"""Run the benchmarks: `python -m bench` runs every one, `python -m bench export` just one.

Each prints a table of figures against their targets (PASS/MISS) and writes
bench/results/<name>.json; the exit status is 1 when any target is missed. Benchmarks are not
tests: run them on a quiet machine, not in the test suite.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from rich.console import Console

from bench.common import machine, print_report, write_report

#: name -> module with `run() -> Report`, in the order `python -m bench` runs them.
BENCHMARKS = {
    "documents": "bench.bench_documents",
    "accuracy": "bench.bench_accuracy",
    "export": "bench.bench_export",
    "interchange": "bench.bench_interchange",
    "play": "bench.bench_play",
    "scale": "bench.bench_scale",
    "analytics": "bench.bench_analytics",
    "coldstart": "bench.bench_coldstart",
    "cli": "bench.bench_cli",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run ({', '.join(BENCHMARKS)}); all when none is given",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    console = Console()
    facts = machine()
    console.print(
        f"[bold]Machine:[/bold] {facts['cpu']}, {facts['usable_cores']}/{facts['cores']} cores, "
        f"{facts['memory_mb']:.0f} MB, {facts['python']}, "
        f"PostgreSQL {facts['postgresql'] or 'not reachable'}",
        highlight=False,
    )
    passed = True
    for name in args.names or list(BENCHMARKS):
        console.print(f"\n[bold]{name}[/bold] …")
        report = importlib.import_module(BENCHMARKS[name]).run()
        print_report(report, console)
        console.print(f"wrote {write_report(report, facts)}", style="dim", highlight=False)
        passed = passed and report.passed
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
