"""An author builds, checks, publishes and draws a branching scenario over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import Caller


def test_an_author_builds_a_branching_scenario_and_publishes_it(
    client: TestClient, people: dict[str, Caller]
) -> None:
    h = people["owner"].headers
    scenario = client.post(
        "/scenarios",
        json={
            "title": "Fire drill",
            "context_html": "<p onclick='x()'>The alarm rings.</p><script>bad()</script>",
        },
        headers=h,
    )
    assert scenario.status_code == 201, scenario.text
    sid = scenario.json()["id"]
    assert scenario.json()["context_html"] == "<p>The alarm rings.</p>"

    def add(prompt: str, choices: list[dict]) -> str:  # type: ignore[type-arg]
        response = client.post(
            f"/scenarios/{sid}/questions",
            json={"prompt_html": prompt, "choices": choices},
            headers=h,
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]  # type: ignore[no-any-return]

    q1 = add("<p>First?</p>", [{"body": "Leave", "is_correct": True}, {"body": "Stay"}])
    q2 = add("<p>Why?</p>", [{"body": "Safety", "is_correct": True}, {"body": "Habit"}])
    q3 = add("<p>Where?</p>", [{"body": "Assembly point", "is_correct": True}, {"body": "Car"}])
    detail = client.get(f"/scenarios/{sid}", headers=h).json()
    assert detail["first_question_id"] == q1
    assert [q["links"][0]["to_question_id"] for q in detail["questions"][:2]] == [q2, q3]

    branch = client.post(
        f"/scenarios/{sid}/links",
        json={"from_question_id": q1, "to_question_id": q3, "condition": "answer == a"},
        headers=h,
    )
    assert branch.status_code == 201, branch.text
    assert branch.json()["condition"] == "answer == A"

    bad = client.post(
        f"/scenarios/{sid}/links",
        json={"from_question_id": q1, "to_question_id": q3, "condition": "answer == "},
        headers=h,
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "condition_syntax"
    assert bad.json()["column"] == 11

    validation = client.get(f"/scenarios/{sid}/validation", headers=h).json()
    assert validation["publishable"] is True

    version = client.post(f"/scenarios/{sid}/publish", headers=h)
    assert version.status_code == 201
    assert version.json()["number"] == 1

    diagram = client.get(f"/scenarios/{sid}/diagram", params={"format": "mermaid"}, headers=h)
    assert diagram.status_code == 200
    assert "flowchart" in diagram.text
    assert "answer == A" in diagram.text
    dot = client.get(f"/scenarios/{sid}/diagram", params={"format": "dot"}, headers=h)
    assert dot.text.lstrip().startswith("digraph")
    svg = client.get(f"/scenarios/{sid}/diagram", params={"format": "svg"}, headers=h)
    assert svg.status_code == 200
    assert "</svg>" in svg.text
    assert "answer == A" in svg.text

    catalog = client.get("/catalog", headers=people["learner"].headers).json()
    assert sid in [entry["id"] for entry in catalog]


def test_publishing_a_flow_with_errors_is_refused_with_the_issues(
    client: TestClient, people: dict[str, Caller]
) -> None:
    h = people["owner"].headers
    sid = client.post("/scenarios", json={"title": "Empty"}, headers=h).json()["id"]

    response = client.post(f"/scenarios/{sid}/publish", headers=h)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_flow"
    assert any(issue["code"] == "no_first_question" for issue in body["issues"])


def test_a_question_that_does_not_make_sense_is_refused(
    client: TestClient, people: dict[str, Caller]
) -> None:
    h = people["owner"].headers
    sid = client.post("/scenarios", json={"title": "S"}, headers=h).json()["id"]

    no_correct = client.post(
        f"/scenarios/{sid}/questions",
        json={"prompt_html": "<p>Q</p>", "choices": [{"body": "a"}, {"body": "b"}]},
        headers=h,
    )
    duplicate = client.post(
        f"/scenarios/{sid}/questions",
        json={
            "prompt_html": "<p>Q</p>",
            "choices": [
                {"label": "A", "body": "a", "is_correct": True},
                {"label": "a", "body": "b"},
            ],
        },
        headers=h,
    )
    unknown_field = client.post(f"/scenarios/{sid}/questions", json={"prompt": "typo"}, headers=h)

    assert no_correct.status_code == 422
    assert "mark at least one choice as correct" in no_correct.json()["detail"]
    assert duplicate.status_code == 422
    assert "two choices are labelled A" in duplicate.json()["detail"]
    assert unknown_field.status_code == 422
