"""`quizflow import/export` with question banks, as a person runs them: real processes, a real
database and a local object store."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from tests.integration.test_cli_authoring import one_error_line
from tests.integration.test_cli_documents import Env, env  # noqa: F401
from tests.unit.interchange.conftest import SAMPLES

GIFT = SAMPLES / "gift" / "fuhrmanator-mc5.gift"


def test_dry_run_shows_the_bank_and_saves_nothing(env: Env) -> None:  # noqa: F811
    before = env.count("scenarios")

    result = env.run("import", str(SAMPLES / "gift/fuhrmanator-numerical1.gift"), "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "When was Ulysses S. Grant born?" in result.stdout
    assert "numerical question kept as free text" in result.stdout
    assert "10 question(s) in 1 scenario(s)" in result.stdout
    assert env.count("scenarios") == before


def test_a_gift_file_imports_by_content_and_exports_to_each_format(
    env: Env,  # noqa: F811
    tmp_path: Path,
) -> None:
    renamed = tmp_path / "bank.txt"  # the name says nothing: the content does
    renamed.write_bytes(GIFT.read_bytes())

    result = env.run("import", str(renamed))

    assert result.returncode == 0, result.stderr
    scenario_id = uuid.UUID(result.stdout.strip())
    assert env.questions_of(scenario_id)[0] == "Who's buried in Grant's tomb?"
    for export_format in ("gift", "aiken", "moodle-xml", "qti3"):
        out = tmp_path / f"out.{export_format}"
        exported = env.run("export", str(scenario_id), "--format", export_format, "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        again = env.run("import", str(out), "--dry-run")
        assert again.returncode == 0, again.stderr
        assert "4 question(s) in 1 scenario(s)" in again.stdout
    qti = zipfile.ZipFile(io.BytesIO((tmp_path / "out.qti3").read_bytes()))
    assert "imsmanifest.xml" in qti.namelist()


def test_a_hostile_package_is_one_error_line_and_nothing_is_saved(
    env: Env,  # noqa: F811
    tmp_path: Path,
) -> None:
    package = tmp_path / "evil.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", "<manifest/>")
        archive.writestr("../escape.txt", "x")

    result = env.run("import", str(package))

    assert "leaves the package" in one_error_line(result)
    assert env.count("scenarios") == 0 and env.count("documents") == 0


def test_export_notes_say_what_aiken_cannot_keep(env: Env, tmp_path: Path) -> None:  # noqa: F811
    source = tmp_path / "mixed.gift"
    source.write_text("Pick two{~%50%a ~%50%b ~c}\n\nWhy?{}\n\nOne{=x ~y}\n")
    scenario_id = env.run("import", str(source)).stdout.strip()

    result = env.run("export", scenario_id, "--format", "aiken", "-o", str(tmp_path / "a.txt"))

    assert result.returncode == 0, result.stderr
    assert "not exported: Aiken holds no multiple-answer questions" in result.stderr
    assert "not exported: Aiken holds no free-text questions" in result.stderr
    assert (tmp_path / "a.txt").read_text().endswith("ANSWER: A\n")
