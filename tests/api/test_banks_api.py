"""Question banks over HTTP: preview and import uploads, export in each format, and refuse
bad or hostile files with problem+json, never half-saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from tests.api.conftest import Caller
from tests.unit.interchange.conftest import SAMPLES

GIFT = b"$CATEGORY: Trees\n\nOak or pine?{=Oak#yes ~Pine#no}\n\nMatch{=a -> b =c -> d}\n"


def _post(client: TestClient, caller: Caller, path: str, name: str, data: bytes, **params: str):  # type: ignore[no-untyped-def]
    return client.post(
        path, files={"file": (name, data, "application/octet-stream")}, params=params,
        headers=caller.headers,
    )  # fmt: skip


def _count(sessions: sessionmaker[Session], table: type) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_preview_lists_what_would_be_created_and_what_is_skipped(
    client: TestClient, people: dict[str, Caller], sessions: sessionmaker[Session]
) -> None:
    before = _count(sessions, orm.Scenario)

    response = _post(client, people["owner"], "/banks/preview", "trees.gift", GIFT)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["format"] == "gift" and body["question_count"] == 1
    [scenario] = body["scenarios"]
    assert scenario["title"] == "Trees"
    assert [(c["label"], c["is_correct"]) for c in scenario["questions"][0]["choices"]] == [
        ("A", True), ("B", False),
    ]  # fmt: skip
    assert any("matching" in n["message"] for n in body["notes"])
    assert _count(sessions, orm.Scenario) == before


def test_a_real_moodle_file_imports_as_one_scenario_per_category(
    client: TestClient, people: dict[str, Caller]
) -> None:
    data = (SAMPLES / "moodle-xml/moodle-nested_categories_with_questions.xml").read_bytes()

    response = _post(client, people["owner"], "/banks/import", "nested.xml", data)

    assert response.status_code == 201, response.text
    titles = [s["title"] for s in response.json()["scenarios"]]
    assert titles == ["Iota", "Iota/Kappa", "Iota/Kappa/Lambda", "Iota/Mu"]
    first = response.json()["scenarios"][1]
    scenario = client.get(f"/scenarios/{first['id']}", headers=people["owner"].headers).json()
    assert [q["is_multiple_choice"] for q in scenario["questions"]] == [False, True]


@pytest.mark.parametrize(
    ("export_format", "media_type"),
    [("gift", "text/plain"), ("aiken", "text/plain"), ("moodle-xml", "application/xml"),
     ("qti3", "application/zip")],
)  # fmt: skip
def test_a_scenario_exports_in_each_format_and_reads_back(
    client: TestClient,
    people: dict[str, Caller],
    scenario: object,
    export_format: str,
    media_type: str,
) -> None:
    owner = people["owner"]
    response = client.get(
        f"/scenarios/{scenario}/export", params={"format": export_format}, headers=owner.headers
    )
    report = client.get(
        f"/banks/scenarios/{scenario}/export-report",
        params={"format": export_format},
        headers=owner.headers,
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    assert int(response.headers["x-quizflow-not-kept"]) == len(report.json()["notes"])
    again = _post(client, owner, "/banks/preview", response.headers["content-disposition"]
                  .split('"')[1], response.content)  # fmt: skip
    assert again.status_code == 200, again.text
    if export_format != "qti3":  # BRANCHING's flow is only kept by QTI
        assert any("flow" in n["message"] for n in report.json()["notes"])


def test_qti_export_keeps_the_branches_that_import_recreates(
    client: TestClient, people: dict[str, Caller], scenario: object
) -> None:
    owner = people["owner"]
    package = client.get(
        f"/scenarios/{scenario}/export", params={"format": "qti3"}, headers=owner.headers
    ).content
    original = client.get(f"/scenarios/{scenario}", headers=owner.headers).json()

    imported = _post(client, owner, "/banks/import", "flow.zip", package)

    assert imported.status_code == 201, imported.text
    copy_id = imported.json()["scenarios"][0]["id"]
    copy = client.get(f"/scenarios/{copy_id}", headers=owner.headers).json()

    def shape(s):  # type: ignore[no-untyped-def]
        number = {q["id"]: n for n, q in enumerate(s["questions"])}
        return sorted(
            (number[q["id"]], link["condition"], number.get(link["to_question_id"]))
            for q in s["questions"]
            for link in q["links"]
        )

    kept = [(0, "answer == A", 2), (0, "default", 1), (1, "correct", 2), (2, "default", 3)]
    assert set(kept) <= set(shape(original)) and set(kept) <= set(shape(copy))
    # q2 → q2 (try again) is a loop back: QTI cannot branch backwards, so the report says so.
    assert (1, "default", 1) in shape(original) and (1, "default", 1) not in shape(copy)
    report = client.get(
        f"/banks/scenarios/{scenario}/export-report",
        params={"format": "qti3"},
        headers=owner.headers,
    ).json()
    assert [n["item"] for n in report["notes"] if "loop back" in n["message"]] == ["q2"]


HOSTILE = [
    ("bomb.xml", b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "x">]><quiz>&a;</quiz>', 422),
    ("notes.html", b"<html><body>hello</body></html>", 415),
    ("broken.xml", (SAMPLES / "moodle-xml/moodle-broken_cloze_questions.xml").read_bytes(), 422),
]


@pytest.mark.parametrize(("name", "data", "status"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_bad_files_are_refused_with_a_problem_and_nothing_is_saved(
    client: TestClient,
    people: dict[str, Caller],
    sessions: sessionmaker[Session],
    name: str,
    data: bytes,
    status: int,
) -> None:
    before = (_count(sessions, orm.Scenario), _count(sessions, orm.Document))

    response = _post(client, people["owner"], "/banks/import", name, data)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (_count(sessions, orm.Scenario), _count(sessions, orm.Document)) == before


def test_a_package_with_path_traversal_is_refused(
    client: TestClient, people: dict[str, Caller]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", "<manifest/>")
        archive.writestr("../../etc/cron.d/x", "boom")

    response = _post(client, people["owner"], "/banks/import", "evil.zip", buffer.getvalue())

    assert response.status_code == 422
    assert "leaves the package" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/banks/preview", "/banks/import"])
@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("learner", 403)])
def test_only_authors_may_upload_banks(
    client: TestClient, people: dict[str, Caller], path: str, caller: str, status: int
) -> None:
    headers = people[caller].headers if caller != "anonymous" else {}

    response = client.post(path, files={"file": ("q.gift", GIFT, "text/plain")}, headers=headers)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
