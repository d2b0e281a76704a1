"""Classes and who plays what: audiences, assignments, join codes, co-authors, privacy.

`scenario` is published by `owner` with the default audience (everyone); each test narrows it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import Caller


def _h(people: dict[str, Caller], who: str) -> dict[str, str]:
    return people[who].headers


def _class_with(
    client: TestClient, people: dict[str, Caller], *learners: str, title: str = "Year 9"
) -> dict[str, Any]:
    made = client.post("/classes", json={"title": title}, headers=_h(people, "owner"))
    assert made.status_code == 201, made.text
    emails = [str(people[who].principal.email) for who in learners]
    if emails:
        added = client.post(
            f"/classes/{made.json()['id']}/members",
            json={"emails": emails},
            headers=_h(people, "owner"),
        )
        assert added.status_code == 200, added.text
    return dict(made.json())


def _set_audience(client: TestClient, people: dict[str, Caller], sid: uuid.UUID, aud: str) -> Any:
    response = client.put(
        f"/scenarios/{sid}/audience", json={"audience": aud}, headers=_h(people, "owner")
    )
    assert response.status_code == 200, response.text
    return response.json()


def _catalog_ids(client: TestClient, people: dict[str, Caller], who: str) -> list[str]:
    return [e["id"] for e in client.get("/catalog", headers=_h(people, who)).json()]


def _start(client: TestClient, people: dict[str, Caller], who: str, sid: uuid.UUID) -> int:
    response = client.post("/attempts", json={"scenario_id": str(sid)}, headers=_h(people, who))
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
    return response.status_code


def test_a_classes_only_scenario_is_hidden_from_learners_outside_its_classes(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    klass = _class_with(client, people, "learner")
    _set_audience(client, people, scenario, "classes")
    due = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    assigned = client.put(
        f"/classes/{klass['id']}/assignments",
        json={"scenario_id": str(scenario), "due_at": due},
        headers=_h(people, "owner"),
    )
    assert assigned.status_code == 200, assigned.text

    assert str(scenario) not in _catalog_ids(client, people, "other_learner")
    assert _start(client, people, "other_learner", scenario) == 404
    entry = next(
        e for e in client.get("/catalog", headers=_h(people, "learner")).json()
        if e["id"] == str(scenario)
    )  # fmt: skip
    assert entry["can_start"] is True
    assert [c["class_title"] for c in entry["classes"]] == ["Year 9"]
    assert entry["classes"][0]["due_at"] is not None
    groups = client.get("/catalog/by-class", headers=_h(people, "learner")).json()
    assert groups[0]["class_title"] == "Year 9"
    assert [e["id"] for e in groups[0]["entries"]] == [str(scenario)]
    assert _start(client, people, "learner", scenario) == 201
    # The author's Sharing tab names the classes it is assigned to; another author's class
    # assigned to it too stays private to that author.
    theirs = client.post("/classes", json={"title": "Not yours"}, headers=_h(people, "admin"))
    client.put(
        f"/classes/{theirs.json()['id']}/assignments",
        json={"scenario_id": str(scenario)},
        headers=_h(people, "admin"),
    ).raise_for_status()
    read = client.get(f"/scenarios/{scenario}/audience", headers=_h(people, "owner")).json()
    assert [(c["title"], c["due_at"] is not None) for c in read["classes"]] == [("Year 9", True)]
    everything = client.get(f"/scenarios/{scenario}/audience", headers=_h(people, "admin")).json()
    assert [c["title"] for c in everything["classes"]] == ["Not yours", "Year 9"]


def test_an_assignment_not_open_yet_is_listed_but_cannot_be_started(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    klass = _class_with(client, people, "learner")
    _set_audience(client, people, scenario, "classes")
    opens = datetime.now(UTC) + timedelta(days=1)
    client.put(
        f"/classes/{klass['id']}/assignments",
        json={"scenario_id": str(scenario), "open_at": opens.isoformat()},
        headers=_h(people, "owner"),
    ).raise_for_status()

    entry = client.get("/catalog", headers=_h(people, "learner")).json()[0]
    assert (entry["id"], entry["can_start"], entry["classes"][0]["is_open"]) == (
        str(scenario),
        False,
        False,
    )
    assert _start(client, people, "learner", scenario) == 403


def test_due_must_come_after_open(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    klass = _class_with(client, people)
    now = datetime.now(UTC)
    response = client.put(
        f"/classes/{klass['id']}/assignments",
        json={
            "scenario_id": str(scenario),
            "open_at": now.isoformat(),
            "due_at": (now - timedelta(hours=1)).isoformat(),
        },
        headers=_h(people, "owner"),
    )
    assert response.status_code == 422
    assert "due_at must come after open_at" in response.json()["detail"]


def test_a_link_scenario_appears_in_the_catalogue_once_its_link_is_opened(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    shared = _set_audience(client, people, scenario, "link")
    assert shared["share_url"].endswith(shared["share_token"])

    assert str(scenario) not in _catalog_ids(client, people, "learner")
    assert _start(client, people, "learner", scenario) == 404
    opened = client.post(
        "/catalog/shared", json={"token": shared["share_token"]}, headers=_h(people, "learner")
    )
    assert opened.status_code == 200, opened.text
    assert str(scenario) in _catalog_ids(client, people, "learner")
    assert str(scenario) not in _catalog_ids(client, people, "other_learner")
    assert _start(client, people, "learner", scenario) == 201

    # A new link: the old one adds the scenario to nobody else's catalogue.
    client.put(
        f"/scenarios/{scenario}/audience",
        json={"audience": "link", "new_link": True},
        headers=_h(people, "owner"),
    ).raise_for_status()
    stale = client.post(
        "/catalog/shared",
        json={"token": shared["share_token"]},
        headers=_h(people, "other_learner"),
    )
    assert stale.status_code == 404


def test_a_co_author_with_edit_may_edit_and_one_with_results_may_not(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    other = str(people["other_author"].principal.email)
    edit = client.put(
        f"/scenarios/{scenario}/grants",
        json={"email": other, "right": "results"},
        headers=_h(people, "owner"),
    )
    assert edit.status_code == 200, edit.text

    rename = {"title": "Renamed by a colleague"}
    refused = client.patch(
        f"/scenarios/{scenario}", json=rename, headers=_h(people, "other_author")
    )
    assert refused.status_code == 403
    assert "results right" in refused.json()["detail"]
    client.put(
        f"/scenarios/{scenario}/grants",
        json={"email": other, "right": "edit"},
        headers=_h(people, "owner"),
    ).raise_for_status()
    allowed = client.patch(
        f"/scenarios/{scenario}", json=rename, headers=_h(people, "other_author")
    )
    assert allowed.status_code == 200, allowed.text

    read = client.get(f"/scenarios/{scenario}", headers=_h(people, "owner")).json()
    assert [(g["email"], g["right"]) for g in read["grants"]] == [(other, "edit")]
    listed = client.get("/scenarios", headers=_h(people, "other_author")).json()
    assert [s["id"] for s in listed] == [str(scenario)]
    # An editor edits; only the owner (or an admin) hands out rights.
    regrant = client.put(
        f"/scenarios/{scenario}/grants",
        json={"email": other, "right": "edit"},
        headers=_h(people, "other_author"),
    )
    assert regrant.status_code == 403


def test_learners_in_a_class_never_see_each_others_attempts(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    klass = _class_with(client, people, "learner", "other_learner")
    _set_audience(client, people, scenario, "classes")
    client.put(
        f"/classes/{klass['id']}/assignments",
        json={"scenario_id": str(scenario)},
        headers=_h(people, "owner"),
    ).raise_for_status()
    mine = client.post(
        "/attempts", json={"scenario_id": str(scenario)}, headers=_h(people, "learner")
    ).json()

    theirs = client.get(f"/attempts/{mine['id']}", headers=_h(people, "other_learner"))
    listed = client.get("/attempts", headers=_h(people, "other_learner")).json()
    members = client.get(f"/classes/{klass['id']}/members", headers=_h(people, "other_learner"))

    assert theirs.status_code == 404
    assert listed == []
    assert members.status_code == 403
    # The scenario's owner may read it (results rights); an author with no grant may not.
    assert client.get(f"/attempts/{mine['id']}", headers=_h(people, "owner")).status_code == 200
    assert (
        client.get(f"/attempts/{mine['id']}", headers=_h(people, "other_author")).status_code == 404
    )
    client.put(
        f"/scenarios/{scenario}/grants",
        json={"email": str(people["other_author"].principal.email), "right": "results"},
        headers=_h(people, "owner"),
    ).raise_for_status()
    read = client.get(f"/attempts/{mine['id']}", headers=_h(people, "other_author"))
    answer = client.post(f"/attempts/{mine['id']}/abandon", headers=_h(people, "other_author"))
    assert read.status_code == 200 and answer.status_code == 404  # reads, never writes


def test_adding_learners_is_all_or_nothing_and_invites_new_addresses(
    client: TestClient, people: dict[str, Caller]
) -> None:
    klass = _class_with(client, people)
    known = str(people["learner"].principal.email)
    bad = client.post(
        f"/classes/{klass['id']}/members",
        json={"emails": [known, "new1@example.com", "not an address", "x@"]},
        headers=_h(people, "owner"),
    )
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("emails.2")  # the CLI names CSV rows (its tests)
    members = client.get(f"/classes/{klass['id']}/members", headers=_h(people, "owner")).json()
    assert members == []

    good = client.post(
        f"/classes/{klass['id']}/members",
        json={"emails": [known, "New1@Example.com", known]},
        headers=_h(people, "owner"),
    )
    assert good.status_code == 200, good.text
    body = good.json()
    assert sorted(m["email"] for m in body["added"]) == sorted([known, "new1@example.com"])
    assert [i["email"] for i in body["invitations"]] == ["new1@example.com"]
    assert "/app/welcome#token=" in body["invitations"][0]["url"]
    again = client.post(
        f"/classes/{klass['id']}/members", json={"emails": [known]}, headers=_h(people, "owner")
    ).json()
    assert again["already_members"] == [known] and again["added"] == []


def test_learners_join_with_the_code_and_a_new_code_retires_the_old(
    client: TestClient, people: dict[str, Caller]
) -> None:
    klass = _class_with(client, people)
    code = klass["join_code"]
    assert len(code) == 10 and klass["invitation_url"].endswith(code)

    typed = f" {code[:5].lower()}-{code[5:]} "
    joined = client.post("/classes/join", json={"code": typed}, headers=_h(people, "learner"))
    assert joined.status_code == 200, joined.text
    assert joined.json()["join_code"] is None  # a learner is not told how to invite others
    rotated = client.post(
        f"/classes/{klass['id']}/join-code", json={}, headers=_h(people, "owner")
    ).json()
    assert rotated["join_code"] != code and rotated["member_count"] == 1
    stale = client.post("/classes/join", json={"code": code}, headers=_h(people, "other_learner"))
    assert stale.status_code == 404


def test_guessing_join_codes_is_rate_limited_per_account(
    client: TestClient, people: dict[str, Caller]
) -> None:
    klass = _class_with(client, people)
    statuses = [
        client.post(
            "/classes/join", json={"code": f"WRONG{n:05d}"}, headers=_h(people, "learner")
        ).status_code
        for n in range(40)
    ]
    right_code_too_late = client.post(
        "/classes/join", json={"code": klass["join_code"]}, headers=_h(people, "learner")
    )
    # Another account from the same address (a classroom behind one NAT) still joins.
    classmate = client.post(
        "/classes/join", json={"code": klass["join_code"]}, headers=_h(people, "other_learner")
    )

    assert statuses[0] == 404
    assert statuses.count(429) == 40 - statuses.index(429) > 0
    assert right_code_too_late.status_code == 429
    assert "Retry-After" in right_code_too_late.headers
    assert classmate.status_code == 200


def test_authors_see_only_the_classes_they_own_or_were_given(
    client: TestClient, people: dict[str, Caller]
) -> None:
    klass = _class_with(client, people, title="Owner's class")
    assert client.get("/classes", headers=_h(people, "other_author")).json() == []
    assert (
        client.get(f"/classes/{klass['id']}", headers=_h(people, "other_author")).status_code == 404
    )
    client.put(
        f"/classes/{klass['id']}/grants",
        json={"email": str(people["other_author"].principal.email), "right": "results"},
        headers=_h(people, "owner"),
    ).raise_for_status()

    listed = client.get("/classes", headers=_h(people, "other_author")).json()
    assert [c["title"] for c in listed] == ["Owner's class"]
    assert listed[0]["grants"][0]["right"] == "results"
    rename = client.patch(
        f"/classes/{klass['id']}", json={"title": "Mine now"}, headers=_h(people, "other_author")
    )
    assert rename.status_code == 403
    assert len(client.get("/classes", headers=_h(people, "admin")).json()) == 1
