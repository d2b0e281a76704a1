"""`quizflow users/token/demo/flow` as a person runs them: real processes, a real database each."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from quizflow.auth import Principal, build_verifier
from quizflow.db.engine import make_session_factory
from quizflow.services import users
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.cli import JWT_SECRET, one_error_line, plain, quizflow
from tests.conftest import DatabaseFactory
from tests.scenarios import BRANCHING

DEMO_TITLE = "Lab safety: a chemical spill"


@pytest.fixture
def db_url(databases: DatabaseFactory) -> str:
    return plain(databases.create(migrated=True))


DraftFactory = Callable[[dict[str, Any]], uuid.UUID]


@pytest.fixture
def draft_factory(db_url: str) -> Iterator[DraftFactory]:
    """Creates unpublished scenarios in the test's database through the services."""
    engine = create_engine(db_url)
    sessions = make_session_factory(engine)
    user = users.create_user(sessions=sessions, email="writer@example.com", role="author")
    author = Principal(user_id=user.id, role="author", email=user.email)

    def create(definition: dict[str, Any]) -> uuid.UUID:
        return create_from_definition(
            sessions=sessions, actor=author, definition=definition, publish=False
        )

    yield create
    engine.dispose()


def test_users_create_prints_the_new_id_and_a_duplicate_email_is_a_one_line_error(
    db_url: str,
) -> None:
    created = quizflow(
        "users", "create", "Ada@Example.com", "--role", "author", "--name", "Ada",
        database_url=db_url,
    )  # fmt: skip
    again = quizflow("users", "create", "ada@example.com", "--role", "learner", database_url=db_url)

    assert created.returncode == 0, created.stderr
    uuid.UUID(created.stdout.strip())
    assert one_error_line(again) == "error: a user with email ada@example.com already exists"


def test_token_prints_only_a_token_the_server_verifies_as_that_user(db_url: str) -> None:
    created = quizflow(
        "users", "create", "lee@example.com", "--role", "learner", database_url=db_url
    )
    result = quizflow("token", "lee@example.com", "--ttl", "600", database_url=db_url)

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    principal = build_verifier(Settings(jwt_secret=JWT_SECRET)).verify(result.stdout.strip())
    assert principal.user_id == uuid.UUID(created.stdout.strip())
    assert principal.role == "learner"
    assert principal.email == "lee@example.com"


def test_token_for_an_unknown_email_is_a_one_line_error(db_url: str) -> None:
    result = quizflow("token", "nobody@example.com", database_url=db_url)

    assert one_error_line(result).startswith("error: no user with email nobody@example.com")


def test_users_set_role_changes_the_accounts_role_and_an_unknown_email_is_one_line(
    db_url: str,
) -> None:
    quizflow("users", "create", "kim@example.com", "--role", "author", database_url=db_url)
    demoted = quizflow("users", "set-role", "Kim@example.com", "--role", "learner",
                       database_url=db_url)  # fmt: skip
    unknown = quizflow("users", "set-role", "x@example.com", "--role", "admin", database_url=db_url)

    assert demoted.stdout == "kim@example.com is now learner\n", demoted.stderr
    engine = create_engine(db_url)
    try:
        kim = users.find_user(sessions=make_session_factory(engine), email="kim@example.com")
    finally:
        engine.dispose()
    assert kim.role == "learner"
    assert one_error_line(unknown) == "error: no user with email x@example.com"


def test_demo_load_prints_only_the_scenario_id_and_is_idempotent(db_url: str) -> None:
    first = quizflow("demo", "load", database_url=db_url)
    second = quizflow("demo", "load", database_url=db_url)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    scenario_id = uuid.UUID(first.stdout.strip())
    assert second.stdout.strip() == str(scenario_id)


def test_demo_load_refuses_an_owner_who_is_not_an_author_in_one_line(db_url: str) -> None:
    quizflow("users", "create", "pupil@example.com", "--role", "learner", database_url=db_url)

    result = quizflow("demo", "load", "--author", "pupil@example.com", database_url=db_url)

    assert one_error_line(result) == "error: only authors and admins can create scenarios"


def test_demo_accounts_prints_a_working_token_and_curl_line_for_each_account(
    db_url: str,
) -> None:
    result = quizflow("demo", "accounts", database_url=db_url)

    assert result.returncode == 0, result.stderr
    verifier = build_verifier(Settings(jwt_secret=JWT_SECRET))
    tokens = [
        line.split("token:", 1)[1].strip()
        for line in result.stdout.splitlines()
        if line.strip().startswith("token:")
    ]
    assert [verifier.verify(t).email for t in tokens] == [
        "author@example.com",
        "learner@example.com",
    ]
    assert [verifier.verify(t).role for t in tokens] == ["author", "learner"]
    for token in tokens:
        assert f'curl -H "Authorization: Bearer {token}" http://127.0.0.1:8000/me' in result.stdout


def test_flow_check_on_the_demo_finds_no_problems(db_url: str) -> None:
    scenario_id = quizflow("demo", "load", database_url=db_url).stdout.strip()

    result = quizflow("flow", "check", scenario_id, database_url=db_url)

    assert result.returncode == 0, result.stderr
    assert "No problems found." in result.stdout


def test_flow_check_exits_1_and_names_a_cycle_without_exit(
    db_url: str, draft_factory: DraftFactory
) -> None:
    endless = {
        "title": "Endless",
        "questions": {
            "ping": {
                "prompt_html": "<p>Ping?</p>",
                "choices": [{"body": "yes", "correct": True}, {"body": "no"}],
                "links": [{"if": "default", "to": "pong"}],
            },
            "pong": {
                "prompt_html": "<p>Pong?</p>",
                "choices": [{"body": "yes", "correct": True}, {"body": "no"}],
                "links": [{"if": "default", "to": "ping"}],
            },
        },
    }
    draft_factory(endless)

    result = quizflow("flow", "check", "Endless", database_url=db_url)

    assert result.returncode == 1, result.stderr
    assert "cycle_without_exit" in result.stdout
    assert "can never finish the scenario" in result.stdout
    assert "Q1" in result.stdout
    assert "1 error(s)" in result.stdout


def test_flow_graph_mermaid_draws_the_demo_with_its_conditions(db_url: str) -> None:
    quizflow("demo", "load", database_url=db_url)

    result = quizflow("flow", "graph", DEMO_TITLE, "--format", "mermaid", database_url=db_url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("flowchart")
    for condition in ("answer == B", "answer has C", "correct", "score #gt;= 3"):
        assert condition in result.stdout


def test_flow_graph_writes_dot_to_a_file_when_asked(db_url: str, tmp_path: Path) -> None:
    quizflow("demo", "load", database_url=db_url)
    target = tmp_path / "demo.dot"

    result = quizflow(
        "flow", "graph", DEMO_TITLE, "--format", "dot", "-o", str(target), database_url=db_url
    )

    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("digraph")
    assert "answer has C" in target.read_text()


def test_a_scenario_is_found_by_its_title_ignoring_case(db_url: str) -> None:
    quizflow("demo", "load", database_url=db_url)

    result = quizflow("flow", "check", DEMO_TITLE.upper(), database_url=db_url)

    assert result.returncode == 0, result.stderr


def test_an_unknown_title_is_a_one_line_error(db_url: str) -> None:
    result = quizflow("flow", "graph", "No such scenario", database_url=db_url)

    assert result.returncode == 3
    assert one_error_line(result) == "error: no scenario is titled 'No such scenario'"


def test_a_title_shared_by_two_scenarios_is_a_one_line_error_listing_both_ids(
    db_url: str, draft_factory: DraftFactory
) -> None:
    first = draft_factory(BRANCHING)
    second = draft_factory(BRANCHING)

    result = quizflow("flow", "check", "branching", database_url=db_url)

    line = one_error_line(result)
    assert "2 scenarios are titled 'branching'" in line
    assert str(first) in line and str(second) in line


def test_help_describes_every_new_command() -> None:
    unused = "postgresql://unused@127.0.0.1:9/x"
    top = quizflow("--help", database_url=unused)
    for command in ("users", "token", "flow", "play", "demo"):
        assert command in top.stdout
    for group, commands in (
        ("users", ("create",)),
        ("flow", ("check", "graph")),
        ("demo", ("load", "accounts")),
    ):
        result = quizflow(group, "--help", database_url=unused)
        assert result.returncode == 0
        for command in commands:
            assert command in result.stdout
    play = quizflow("play", "--help", database_url=unused)
    assert "--as" in play.stdout and "--restart" in play.stdout
