"""Fail if the lock (requirements/dev.txt, main.txt) no longer satisfies pyproject.toml.

A dependency added to pyproject.toml without `make lock` would install on a developer's machine
(pip resolves it) and be missing from CI's `uv pip sync`, or from the Lambda asset. Offline and
instant: each requirement's name must be pinned in the lock at a version its range admits.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def pins(lock: Path) -> dict[str, Version]:
    text = lock.read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(v) for name, v in _PIN.findall(text)}


def missing(requirements: list[str], pinned: dict[str, Version]) -> list[str]:
    problems = []
    for line in requirements:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement} is not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} does not admit the locked {version}")
    return problems


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    checks = {
        "requirements/dev.txt": [*project["dependencies"], *extras.get("dev", [])],
        "requirements/main.txt": [*project["dependencies"], *extras.get("aws", [])],
    }
    problems = [
        f"{lock}: {problem}"
        for lock, requirements in checks.items()
        for problem in missing(requirements, pins(ROOT / lock))
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("the lock is out of date with pyproject.toml: run `make lock`", file=sys.stderr)
        return 1
    print("the lock satisfies pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
