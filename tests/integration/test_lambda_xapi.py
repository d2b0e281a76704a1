"""The AWS poster function (outside the VPC) against a real LRS: Ralph on loopback."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from quizflow.aws import lambda_xapi
from quizflow.errors import ConfigurationError
from quizflow.services.xapi_statements import ANSWERED
from quizflow.settings import get_settings
from tests.xapi_lrs import PASSWORD, USERNAME, Ralph
from tests.xapi_lrs import ralph as ralph  # the fixture


@pytest.fixture
def lrs_env(monkeypatch: pytest.MonkeyPatch, ralph: Ralph) -> Iterator[None]:
    monkeypatch.setenv("QUIZFLOW_XAPI_ENDPOINT", ralph.url)
    monkeypatch.setenv("QUIZFLOW_XAPI_USERNAME", USERNAME)
    monkeypatch.setenv("QUIZFLOW_XAPI_PASSWORD", PASSWORD)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def statement() -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"account": {"homePage": "https://qf.example", "name": str(uuid.uuid4())}},
        "verb": {"id": ANSWERED},
        "object": {"id": f"https://qf.example/xapi/questions/{uuid.uuid4()}"},
    }


def test_the_poster_posts_a_batch_and_a_repeat_of_it_is_accepted_without_a_duplicate(
    lrs_env: None, ralph: Ralph
) -> None:
    batch = [statement(), statement()]
    ids = sorted(str(s["id"]) for s in batch)

    first = lambda_xapi.post({"statements": batch}, None)
    again = lambda_xapi.post({"statements": batch}, None)  # the deliverer never heard back

    assert first == again == {"accepted": ids, "error": None}
    counts = ralph.counts()
    assert [counts[i] for i in ids] == [1, 1]


def test_the_delivery_function_refuses_to_run_without_its_poster(lrs_env: None) -> None:
    with pytest.raises(ConfigurationError, match="QUIZFLOW_XAPI_POSTER_FUNCTION"):
        lambda_xapi.deliver({}, None)
