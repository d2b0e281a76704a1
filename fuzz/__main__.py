"""`python -m fuzz [--seconds N] [TARGET…]`: each target for N seconds under atheris
(libFuzzer), seeded with real files; findings (crashes, hangs) are written to fuzz/findings/.

Prints per target the executions and findings, and exits 1 when anything was found. Each
target runs in its own process: `python -m fuzz.worker TARGET CORPUS ARTIFACTS SECONDS`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fuzz.targets import TARGETS, seeds

FINDINGS = Path(__file__).resolve().parent / "findings"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz")
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(TARGETS))
    parser.add_argument("--seconds", type=int, default=60, help="per target (default 60)")
    args = parser.parse_args(argv)
    names = args.targets or list(TARGETS)
    found_any = False
    print(f"{'target':<12} {'executions':>12} {'findings':>9}")
    for name in names:
        artifacts = FINDINGS / name
        artifacts.mkdir(parents=True, exist_ok=True)
        before = set(artifacts.iterdir())
        with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as corpus:
            for seed in seeds(name):
                shutil.copy(seed, Path(corpus) / seed.name)
            result = subprocess.run(
                [sys.executable, "-m", "fuzz.worker", name, corpus, f"{artifacts}/",
                 str(args.seconds)],
                capture_output=True, text=True, check=False, timeout=args.seconds * 3 + 120,
            )  # fmt: skip
        output = result.stdout + result.stderr
        executions = re.findall(r"stat::number_of_executed_units:\s*(\d+)", output)
        new = sorted(set(artifacts.iterdir()) - before)
        found_any = found_any or bool(new) or result.returncode not in (0,)
        print(f"{name:<12} {executions[-1] if executions else '?':>12} {len(new):>9}")
        for path in new:
            print(f"    {path}")
        if result.returncode != 0 and not new:
            print(output[-2000:])
    return 1 if found_any else 0


if __name__ == "__main__":
    sys.exit(main())
