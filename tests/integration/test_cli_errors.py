"""What a person sees when a command fails: one line and an exit status saying what kind of
failure; the traceback only when asked (--debug) or, for a bug, in a crash log for the report."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sqlalchemy import Engine

from quizflow.errors import NotFoundError
from tests.cli import one_error_line, quizflow

# The real CLI with one more command that hits a bug, so the test does not depend on one
# existing: whatever fails unexpectedly in a command takes this same way out.
WITH_A_BUG = (
    sys.executable,
    "-c",
    """
import sys
from quizflow.cli.main import app, main

@app.command("crash")
def crash() -> None:
    raise RuntimeError("the disk said no")

main(sys.argv[1:])
""",
)
UNREACHABLE = "postgresql://nobody@127.0.0.1:9/nothing"  # never reached: settings fail first


def test_a_bug_is_one_line_with_exit_70_and_its_traceback_in_a_crash_log(tmp_path: Path) -> None:
    result = quizflow("crash", command=WITH_A_BUG, env={"XDG_STATE_HOME": str(tmp_path)})

    line = one_error_line(result)
    assert result.returncode == 70  # EX_SOFTWARE
    assert "RuntimeError: the disk said no" in line
    logs = list(tmp_path.rglob("crash-*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in line
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log
    assert re.search(r'File "<string>", line \d+, in crash\nRuntimeError: the disk said no', log)
    assert re.search(r"^command: .*\bcrash$", log, re.MULTILINE)


def test_debug_shows_the_traceback_of_a_bug(tmp_path: Path) -> None:
    result = quizflow("--debug", "crash", command=WITH_A_BUG, env={"XDG_STATE_HOME": str(tmp_path)})

    assert result.returncode == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert re.search(r"line \d+, in crash\nRuntimeError: the disk said no", result.stderr)
    assert result.stderr.strip().splitlines()[-1].startswith("internal error: RuntimeError")


def test_a_bug_where_no_crash_log_can_be_written_still_says_how_to_see_it(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "state"
    not_a_directory.write_text("a file where the state directory should be")

    result = quizflow("crash", command=WITH_A_BUG, env={"XDG_STATE_HOME": str(not_a_directory)})

    line = one_error_line(result)
    assert result.returncode == 70
    assert "RuntimeError: the disk said no" in line
    assert "run again with --debug" in line


def test_a_bad_setting_is_one_line_naming_the_variable_with_exit_78(tmp_path: Path) -> None:
    result = quizflow(
        "token",
        "someone@example.com",
        database_url=UNREACHABLE,
        env={"QUIZFLOW_JWT_TTL_S": "until-friday", "XDG_STATE_HOME": str(tmp_path)},
    )

    line = one_error_line(result)
    assert result.returncode == 78  # EX_CONFIG
    assert line.startswith("error: invalid configuration: QUIZFLOW_JWT_TTL_S:")
    assert "until-friday" not in line  # values are not echoed: some settings are secrets
    assert not list(tmp_path.rglob("crash-*.log"))  # not a bug: nothing to report


def test_every_bad_setting_is_named_on_the_same_line() -> None:
    result = quizflow(
        "token",
        "someone@example.com",
        database_url=UNREACHABLE,
        env={"QUIZFLOW_JWT_TTL_S": "until-friday", "QUIZFLOW_S3_MAX_ATTEMPTS": "0"},
    )

    line = one_error_line(result)
    assert result.returncode == 78
    assert "QUIZFLOW_JWT_TTL_S:" in line
    assert "QUIZFLOW_S3_MAX_ATTEMPTS:" in line


def test_a_quizflow_error_is_one_clean_line_with_its_own_exit_code(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-quiz.docx"

    result = quizflow("import", str(missing), env={"XDG_STATE_HOME": str(tmp_path)})

    line = one_error_line(result)
    assert result.returncode == NotFoundError.exit_code
    assert line == f"error: {missing}: no such file " + (
        "(give a .docx, .txt, .md, .html or .gdoc file, or a Google Docs link)"
    )
    assert not list(tmp_path.rglob("crash-*.log"))


def test_debug_shows_where_a_quizflow_error_came_from(tmp_path: Path) -> None:
    result = quizflow("--debug", "import", str(tmp_path / "missing.docx"))

    assert result.returncode == NotFoundError.exit_code
    assert "Traceback (most recent call last)" in result.stderr
    assert "quizflow.errors.NotFoundError" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")


def test_a_command_on_an_unmigrated_database_says_to_run_db_upgrade(
    empty_database: Engine, tmp_path: Path
) -> None:
    url = empty_database.url.render_as_string(hide_password=False)
    result = quizflow("demo", "load", database_url=url, env={"XDG_STATE_HOME": str(tmp_path)})

    assert result.returncode == 78
    assert one_error_line(result) == (
        "error: the database has no quizflow schema, or an older one: run `quizflow db upgrade`"
    )
    assert not (tmp_path / "quizflow" / "crashes").exists()  # not a bug: no crash log
