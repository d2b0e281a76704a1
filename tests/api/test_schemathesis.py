"""The API keeps the contract its OpenAPI document states, for any input.

Schemathesis runs every check and every phase (examples, coverage, fuzzing, stateful) as an
author and as a learner; see tests/api/contract.py. The only failures tolerated are the
business rules below: a body can fit the JSON schema and still break a rule that no schema
can express ("question X is not in this scenario"), and the documented answer is a 422.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.settings import Settings
from tests.api.conftest import Caller
from tests.api.contract import BusinessRule, SameOnTheWire, findings

EXAMPLES_PER_OPERATION = 3

BUSINESS_RULES = [
    # Ids that must belong to this scenario, and the whole flow's soundness.
    BusinessRule(422, "invalid_input", r"is not in this scenario"),
    BusinessRule(422, "invalid_input", r"must list every question of the scenario exactly once"),
    BusinessRule(422, "invalid_flow", r"the flow has \d+ error"),
    BusinessRule(422, "condition_syntax", r""),
    # A draft preview's answers must be for the question current at their point, and fit it.
    BusinessRule(422, "invalid_answer", r""),
    # An If-Match naming content that is not (or no longer) there: someone else's edit won.
    BusinessRule(412, "precondition-failed", r"changed since you read it"),
    # Choices: labels unique once defaults are given, one correct answer when single-answer
    # (JSON Schema's maxContains, which the generator does not honour), HTML with text left.
    BusinessRule(422, "invalid_input", r"two choices are labelled"),
    BusinessRule(422, "invalid_input", r"choices are marked correct but the question is single"),
    BusinessRule(422, "invalid_input", r"^(the prompt|choice \w+) is empty$"),
    # What a document holds: its kind, its text, its questions, a Google Doc we can reach.
    BusinessRule(415, "unsupported_media_type", r""),
    BusinessRule(422, "invalid_document", r""),
    BusinessRule(422, "google_doc_unavailable", r""),
    BusinessRule(422, "invalid_input", r"no questions were found in the document"),
    BusinessRule(422, "invalid_input", r"no questions were found in any tab of the document"),
    BusinessRule(422, "invalid_input", r"this document has no tabs"),
    # An assignment's dates: due after open (the schema cannot compare two fields).
    BusinessRule(422, "invalid_input", r"^due_at must come after open_at$"),
    BusinessRule(422, "invalid_input", r"a title is for a new scenario"),
]
# What schemathesis counts as a violated schema but the server cannot see as one.
SAME_ON_THE_WIRE = [
    SameOnTheWire("POST /documents", "file"),
    SameOnTheWire("POST /objects", "file"),
]


@pytest.mark.parametrize("caller", ["owner", "learner"])
def test_the_api_keeps_its_contract_for_any_input(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
    caller: str,
) -> None:
    # The request-size limit of a real deployment: the suite's own (64 KiB) is smaller than the
    # longest texts the schema allows, and would answer 413 where the server answers 422.
    limit = Settings.model_fields["max_request_bytes"].default
    app = create_app(
        settings.model_copy(update={"max_request_bytes": limit}), engine=engine, sessions=sessions
    )
    token = people[caller].headers["Authorization"].removeprefix("Bearer ")

    found = findings(app, token=token, max_examples=EXAMPLES_PER_OPERATION)
    broken = [
        f
        for f in found
        if not any(rule.excuses(f) for rule in BUSINESS_RULES)
        and not any(same.excuses(f) for same in SAME_ON_THE_WIRE)
    ]

    print(f"\n{caller}: {len(found)} failures, {len(broken)} not excused")
    for f in sorted(found, key=str):
        print("  ", str(f)[:240])
    assert not broken, "\n".join(str(f) for f in broken)
