"""The wheel carries the browser app, and `quizflow serve` finds it there without a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_built_wheel_contains_the_app_and_serve_finds_it(tmp_path: Path) -> None:
    # A small stand-in for `make web`'s output: the test needs no Node and no build of the app.
    app = tmp_path / "dist"
    (app / "assets").mkdir(parents=True)
    (app / "index.html").write_text("<!doctype html><title>quizflow</title>")
    (app / "assets" / "index-abc123.js").write_text("export {};")
    out = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        env={**os.environ, "QUIZFLOW_WHEEL_WEB_DIST": str(app)},
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = out.glob("quizflow-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "quizflow/web_dist/index.html" in names
        assert "quizflow/web_dist/assets/index-abc123.js" in names
        assert "quizflow/db/migrations/migration_lock.toml" in names or any(
            n.startswith("quizflow/db/migrations/") for n in names
        )
        installed = tmp_path / "site"
        archive.extractall(installed)
    # Imported from the unpacked wheel, not the checkout: the app is the packaged one.
    found = subprocess.run(
        [sys.executable, "-c",
         "from quizflow.api.web import default_web_dir; print(default_web_dir())"],
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True, text=True, check=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert Path(found.stdout.strip()) == (installed / "quizflow" / "web_dist").resolve()
