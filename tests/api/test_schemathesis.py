"""Property-based API testing from our own OpenAPI schema: no 5xx, responses match it.

Schemathesis generates requests for every operation (valid and invalid bodies, paths and
queries) and checks each response: never a server error, status codes, content types and
bodies as the schema documents them. Driven by hand rather than through its pytest plugin,
whose lazy fixtures do not run under pytest 9.
"""

from __future__ import annotations

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.settings import Settings
from tests.api.conftest import Caller

EXAMPLES_PER_OPERATION = 12
# A body can fit the JSON schema and still break a rule that JSON Schema cannot say ("at
# least one correct choice", "that question is not current"): such a 422 or 409 is right.
BUSINESS_RULES = [checks.positive_data_acceptance]


@pytest.fixture
def api_schema(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session]
) -> schemathesis.BaseSchema:
    app = create_app(settings, engine=engine, sessions=sessions)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("caller", ["owner", "learner"])
def test_the_api_honours_its_schema_for_any_input(
    api_schema: schemathesis.BaseSchema,
    people: dict[str, Caller],
    scenario: uuid.UUID,
    caller: str,
) -> None:
    headers = people[caller].headers
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy(), _=st.just(None))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def exercise(case: schemathesis.Case, _: None) -> None:
            case.call_and_validate(headers=headers, excluded_checks=BUSINESS_RULES)

        exercise()
