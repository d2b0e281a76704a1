"""`quizflow play` driven through stdin, as a learner at a terminal would play the demo."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from quizflow.auth import Principal
from quizflow.db.engine import make_session_factory
from quizflow.services import users
from quizflow.services.definitions import create_from_definition
from tests.cli import one_error_line, plain, quizflow
from tests.conftest import DatabaseFactory
from tests.integration.test_cli_authoring import DEMO_TITLE
from tests.scenarios import BRANCHING


@pytest.fixture
def demo_url(databases: DatabaseFactory) -> str:
    """A fresh database with the demo scenario loaded."""
    url = plain(databases.create(migrated=True))
    loaded = quizflow("demo", "load", database_url=url)
    assert loaded.returncode == 0, loaded.stderr
    return url


def play(url: str, *answers: str, extra: tuple[str, ...] = ()) -> str:
    result = quizflow(
        "play", DEMO_TITLE, *extra, database_url=url, stdin="".join(f"{a}\n" for a in answers)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_a_full_run_through_the_retry_loop_shows_feedback_explanations_and_the_final_score(
    demo_url: str,
) -> None:
    out = play(
        demo_url,
        "a",  # wrong: leads to the remedial question
        "b",  # wrong again: the retry loop asks it once more
        "a",  # right: out of the loop
        "a,b,d",  # multi-select, all correct
        "Put it in the chemical waste container",  # free text: ends the scenario
    )

    assert "You are working alone at the end of a shared teaching lab" in out
    assert "Question 1 of 6" in out
    assert "A) Wipe it up quickly with paper towels" in out
    assert "Incorrect." in out
    assert "Paper towels do not neutralise acid" in out  # the chosen choice's feedback
    assert "Explanation: Alert, protect, then contain" in out
    assert out.count("Question 2 of 6") == 2
    assert "Correct!" in out
    assert "Points: +2 (total 3)" in out
    assert "Answer recorded." in out
    assert "Final score: 3 points" in out
    assert "Path: Q1 → Q2 → Q2 → Q3 → Q5 → end" in out


def test_an_unknown_label_shows_the_reason_and_asks_again(demo_url: str) -> None:
    out = play(demo_url, "z", "b", "q")

    assert "choice 'Z' is not an option of this question; options are A, B, C" in out
    assert "Traceback" not in out
    assert out.count("Your answer:") == 3
    assert "Yes: people first, then protect yourself." in out
    assert "Question 3 of 6" in out


def test_choosing_two_answers_to_a_single_choice_question_asks_again(demo_url: str) -> None:
    out = play(demo_url, "a,b", "q")

    assert "choose exactly one option (A, B, C); got A, B" in out
    assert "Progress saved at question 1 of 6" in out


def test_quitting_saves_progress_and_the_next_play_resumes_at_the_same_question(
    demo_url: str,
) -> None:
    first = play(demo_url, "a", "q")
    # No input at all: the end of input quits like `q` does.
    second = play(demo_url)

    assert "Progress saved at question 2 of 6" in first
    assert "Resuming attempt 1" in second
    assert "Question 2 of 6" in second
    assert "Question 1 of 6" not in second


def test_restart_abandons_the_attempt_in_progress_and_starts_again_at_question_1(
    demo_url: str,
) -> None:
    play(demo_url, "a", "q")

    out = play(demo_url, "q", extra=("--restart",))

    assert "Attempt 2 started." in out
    assert "Question 1 of 6" in out


def test_each_player_has_their_own_attempt(demo_url: str) -> None:
    play(demo_url, "a", "q")

    other = play(demo_url, "q", extra=("--as", "someone@example.com"))

    assert "Attempt 1 started." in other
    assert "Question 1 of 6" in other


def test_playing_an_unknown_title_is_a_one_line_error(demo_url: str) -> None:
    result = quizflow("play", "Lab safety", database_url=demo_url, stdin="")

    assert one_error_line(result) == "error: no scenario is titled 'Lab safety'"


def test_playing_an_unpublished_scenario_is_a_one_line_error(databases: DatabaseFactory) -> None:
    url = plain(databases.create(migrated=True))
    engine = create_engine(url)
    sessions = make_session_factory(engine)
    user = users.create_user(sessions=sessions, email="writer@example.com", role="author")
    author = Principal(user_id=user.id, role="author", email=user.email)
    scenario_id = create_from_definition(
        sessions=sessions, actor=author, definition=BRANCHING, publish=False
    )
    engine.dispose()

    result = quizflow("play", str(scenario_id), database_url=url, stdin="")

    assert one_error_line(result) == (
        f"error: scenario {scenario_id} does not exist or is not published"
    )
