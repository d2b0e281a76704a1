"""The studio's condition builder: text to tree and back, and a broken condition's column."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Caller

EVERY_FORM: list[tuple[str, str, dict[str, Any]]] = [
    ("default", "default", {"kind": "default"}),
    ("CORRECT", "correct", {"kind": "correct"}),
    ("incorrect", "incorrect", {"kind": "incorrect"}),
    ("answer == a", "answer == A", {"kind": "answer_is", "label": "A"}),
    ("answer != B", "answer != B", {"kind": "answer_is_not", "label": "B"}),
    ("answer in [b, A]", "answer in [A, B]", {"kind": "answer_in", "labels": ["A", "B"]}),
    ("answer == [C, A]", "answer == [A, C]", {"kind": "answer_set_is", "labels": ["A", "C"]}),
    ("answer has A", "answer has A", {"kind": "answer_has", "label": "A"}),
    ("score >= 3", "score >= 3", {"kind": "score", "op": ">=", "value": 3}),
    ("score<2", "score < 2", {"kind": "score", "op": "<", "value": 2}),
    (
        'text contains "fire \\"exit\\""',
        'text contains "fire \\"exit\\""',
        {"kind": "text_contains", "text": 'fire "exit"'},
    ),
    (
        'text matches "^\\d+$"',
        'text matches "^\\\\d+$"',  # a backslash is written escaped once normalised
        {"kind": "text_matches", "pattern": "^\\d+$"},
    ),
    ("not correct", "not correct", {"kind": "not", "operand": {"kind": "correct"}}),
    (
        "correct and score > 1 and answer has B",
        "correct and score > 1 and answer has B",
        {
            "kind": "and",
            "operands": [
                {"kind": "correct"},
                {"kind": "score", "op": ">", "value": 1},
                {"kind": "answer_has", "label": "B"},
            ],
        },
    ),
    (
        "(answer == A or answer == B) and not (score == 0 or incorrect)",
        "(answer == A or answer == B) and not (score == 0 or incorrect)",
        {
            "kind": "and",
            "operands": [
                {
                    "kind": "or",
                    "operands": [
                        {"kind": "answer_is", "label": "A"},
                        {"kind": "answer_is", "label": "B"},
                    ],
                },
                {
                    "kind": "not",
                    "operand": {
                        "kind": "or",
                        "operands": [
                            {"kind": "score", "op": "==", "value": 0},
                            {"kind": "incorrect"},
                        ],
                    },
                },
            ],
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "normalised", "tree"), EVERY_FORM, ids=[t for t, _, _ in EVERY_FORM]
)
def test_every_form_of_the_grammar_parses_to_its_tree_and_round_trips(
    client: TestClient, people: dict[str, Caller], text: str, normalised: str, tree: dict[str, Any]
) -> None:
    h = people["owner"].headers

    parsed = client.post("/conditions/parse", json={"condition": text}, headers=h)
    again = client.post("/conditions/parse", json={"condition": normalised}, headers=h)

    assert parsed.status_code == 200, parsed.text
    assert parsed.json() == {"condition": normalised, "tree": tree}
    assert again.json() == parsed.json()


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("answer == ", 11, "a choice label"),
        ("score >= x", 10, "a whole number"),
        ("correct and", 12, "'not'"),
        ("default and correct", 9, "the end of the condition"),
        ('text matches "(("', 14, None),
    ],
)
def test_a_broken_condition_answers_422_at_its_column(
    client: TestClient, people: dict[str, Caller], text: str, column: int, expected: str | None
) -> None:
    response = client.post(
        "/conditions/parse", json={"condition": text}, headers=people["owner"].headers
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "condition_syntax"
    assert body["column"] == column
    assert f"column {column}" in body["detail"]
    if expected is not None:
        assert expected in body["expected"]


def test_learners_may_not_use_the_condition_builder(
    client: TestClient, people: dict[str, Caller]
) -> None:
    refused = client.post(
        "/conditions/parse", json={"condition": "answer =="}, headers=people["learner"].headers
    )

    assert refused.status_code == 403
