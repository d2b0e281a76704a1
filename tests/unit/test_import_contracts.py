"""The direction of imports (pyproject.toml's import-linter contracts, run by `make lint`).

Each broken rule is proved on a copy of the package with one import added, so a contract that
silently stopped matching anything (a renamed package, a typo) fails here.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "quizflow"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_package_keeps_every_contract(tmp_path: Path) -> None:
    done = lint_imports(ROOT / "src", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "imported", "forbidden"),
    [
        ("services/users.py", "quizflow.api.deps", "quizflow.api"),
        ("cli/db.py", "quizflow.api.app", "quizflow.api"),
        ("api/deps.py", "quizflow.cli.runtime", "quizflow.cli"),
        ("documents/export_model.py", "quizflow.services.content", "quizflow.services"),
        ("db/engine.py", "quizflow.aws.secrets", "quizflow.aws"),
        ("flow/model.py", "subprocess", "subprocess"),
        ("flow/graph.py", "sqlalchemy", "sqlalchemy"),
        ("flow/resolver.py", "quizflow.settings", "quizflow.settings"),
        ("errors.py", "quizflow.db.engine", "quizflow.db"),
    ],
)
def test_an_import_against_the_direction_fails_the_lint(
    tmp_path: Path, module: str, imported: str, forbidden: str
) -> None:
    copy = tmp_path / "src" / "quizflow"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / module).open("a", encoding="utf-8") as source:
        source.write(f"\nimport {imported}  # noqa\n")

    done = lint_imports(tmp_path / "src", tmp_path)

    importer = "quizflow." + module.split("/")[0].removesuffix(".py")
    assert done.returncode != 0
    assert f"{importer} is not allowed to import {forbidden}:" in done.stdout, done.stdout
