"""`quizflow import --scenario-per-tab`: a Google Doc with tabs, fetched through Google's own
client (its HttpMock answering for the Docs API), becomes one scenario per tab, or nothing."""

# ruff: noqa: F811  (the fixtures of test_cli_documents are imported, then asked for by name)

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from sqlalchemy import text

from tests import gdocs_tabs
from tests.cli import one_error_line, quizflow
from tests.integration.test_cli_documents import Env, env, word_quiz  # noqa: F401

# The real CLI, with the Docs API answered by googleapiclient's HttpMock from a file: the
# request still goes through `build("docs", "v1")` and `documents().get(...).execute()`.
WITH_GOOGLE = (
    sys.executable,
    "-c",
    """
import os, sys
from functools import partial
from googleapiclient.http import HttpMock
from quizflow.documents import importers
from quizflow.cli.main import main

mock = HttpMock(os.environ["TEST_GDOC_RESPONSE"], {"status": "200"})
importers.fetch_google_doc = partial(importers.fetch_google_doc, http=mock)
main(sys.argv[1:])
""",
)
URL = f"https://docs.google.com/document/d/{gdocs_tabs.DOC_ID}/edit"


def run(env: Env, response: Path, *args: str):  # type: ignore[no-untyped-def]
    return quizflow(
        "import",
        URL,
        *args,
        command=WITH_GOOGLE,
        database_url=env.db_url,
        env={"QUIZFLOW_STORAGE_DIR": str(env.storage), "TEST_GDOC_RESPONSE": str(response)},
    )


def title_of(env: Env, scenario_id: str) -> str:
    with env.engine.connect() as conn:
        query = text("SELECT title FROM scenarios WHERE id = :s")
        return str(conn.execute(query, {"s": scenario_id}).scalar_one())


def test_dry_run_shows_which_questions_go_to_which_tabs_scenario(env: Env, tmp_path: Path) -> None:
    response = gdocs_tabs.write(tmp_path / "doc.json", gdocs_tabs.tabbed())

    result = run(env, response, "--scenario-per-tab", "--dry-run")

    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    fire = out.index("tab 1 \"Fire\" → 'Safety training — Fire'")
    lists = out.index("tab 2 \"Lists\" → 'Safety training — Lists'")
    first_aid = out.index("tab 3 \"First aid\" → 'Safety training — First aid'")
    assert fire < out.index("Which extinguisher is used on an electrical fire?") < lists
    assert lists < out.index("No questions: this tab makes no scenario.") < first_aid
    # The real lists response's image, in the child tab, is still reported.
    assert lists < out.index("(tab 2, paragraph 10)") < first_aid
    assert first_aid < out.index("What do you check first?")
    assert "2 scenario(s) from 3 tab(s), 3 question(s)" in out
    assert env.count("scenarios") == 0
    assert env.count("documents") == 0


def test_import_creates_one_scenario_per_tab_with_its_own_questions(
    env: Env, tmp_path: Path
) -> None:
    response = gdocs_tabs.write(tmp_path / "doc.json", gdocs_tabs.tabbed())

    result = run(env, response, "--scenario-per-tab")

    assert result.returncode == 0, result.stderr
    fire, first_aid = (uuid.UUID(line) for line in result.stdout.split())
    assert env.questions_of(fire) == [
        "Which extinguisher is used on an electrical fire?",
        "Where do you meet after an evacuation?",
    ]
    assert env.questions_of(first_aid) == ["What do you check first?"]
    assert title_of(env, str(fire)) == "Safety training — Fire"
    assert title_of(env, str(first_aid)) == "Safety training — First aid"
    assert env.count("scenarios") == 2  # the tab without questions made none
    assert env.count("documents") == 1
    assert "Imported 2 scenario(s)" in result.stderr


def test_a_refused_question_in_the_second_tab_names_the_tab_and_saves_nothing(
    env: Env, tmp_path: Path
) -> None:
    refused = gdocs_tabs.tabbed(gdocs_tabs.refused_second_tab())
    response = gdocs_tabs.write(tmp_path / "doc.json", refused)

    line = one_error_line(run(env, response, "--scenario-per-tab"))

    assert 'tab 3 "First aid": question 3 (tab 3, paragraph 17)' in line
    assert "nothing was saved" in line
    assert env.count("scenarios") == 0
    assert env.count("documents") == 0
    assert env.stored_objects() == set()


def test_a_document_without_tabs_and_the_option_is_one_error_line(
    env: Env, word_quiz: Path
) -> None:
    line = one_error_line(env.run("import", str(word_quiz), "--scenario-per-tab"))

    assert "this document has no tabs" in line
    assert env.count("documents") == 0


def test_per_tab_and_into_together_is_one_error_line(env: Env, word_quiz: Path) -> None:
    line = one_error_line(env.run("import", str(word_quiz), "--scenario-per-tab", "--into", "X"))

    assert "cannot go --into one" in line
