"""`quizflow xapi status` and `quizflow xapi deliver --once`, run as an admin runs them."""

from __future__ import annotations

from tests.cli import one_error_line, quizflow
from tests.integration.test_cli_authoring import DEMO_TITLE
from tests.integration.test_cli_play import demo_url as demo_url  # the fixture
from tests.xapi_lrs import PASSWORD, USERNAME, Ralph
from tests.xapi_lrs import ralph as ralph  # the fixture


def test_played_answers_wait_in_the_queue_until_deliver_once_sends_them_to_the_lrs(
    demo_url: str, ralph: Ralph
) -> None:
    lrs = {
        "QUIZFLOW_XAPI_ENDPOINT": ralph.url,
        "QUIZFLOW_XAPI_USERNAME": USERNAME,
        "QUIZFLOW_XAPI_PASSWORD": PASSWORD,
    }
    before = len(ralph.counts())
    played = quizflow("play", DEMO_TITLE, database_url=demo_url, env=lrs, stdin="a\nb\nq\n")
    assert played.returncode == 0, played.stderr

    status = quizflow("xapi", "status", database_url=demo_url, env=lrs)
    assert status.returncode == 0, status.stderr
    # Started, and two answers: three statements wait.
    assert "queued" in status.stdout and " 3 " in status.stdout.split("queued")[1][:40]
    assert ralph.url in status.stdout

    delivered = quizflow("xapi", "deliver", "--once", database_url=demo_url, env=lrs)
    assert delivered.returncode == 0, delivered.stderr
    assert "3 statement(s) delivered" in delivered.stdout
    assert len(ralph.counts()) == before + 3

    after = quizflow("xapi", "status", database_url=demo_url, env=lrs)
    assert " 0 " in after.stdout.split("queued")[1][:40]

    pruned = quizflow("xapi", "prune", "--older-than-days", "0", database_url=demo_url, env=lrs)
    assert pruned.returncode == 0, pruned.stderr
    assert "3 delivered statement(s)" in pruned.stdout


def test_deliver_without_an_lrs_configured_says_what_to_set(demo_url: str) -> None:
    result = quizflow(
        "xapi", "deliver", "--once", database_url=demo_url, unset=["QUIZFLOW_XAPI_ENDPOINT"]
    )
    assert result.returncode != 0
    assert "QUIZFLOW_XAPI_ENDPOINT" in one_error_line(result)


def test_xapi_help_names_both_commands() -> None:
    result = quizflow("xapi", "--help")
    assert result.returncode == 0
    assert "status" in result.stdout and "deliver" in result.stdout
