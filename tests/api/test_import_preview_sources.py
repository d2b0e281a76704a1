"""The import preview side by side: each question says which source blocks it was read from,
each warning which block it concerns; an import can be given its scenario's title."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import Caller

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def uploaded(client: TestClient, caller: Caller, name: str, media_type: str = DOCX) -> str:
    data = (FIXTURES / name).read_bytes()
    created = client.post(
        "/documents", files={"file": (name, data, media_type)}, headers=caller.headers
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def test_each_question_names_the_source_blocks_it_came_from_a_table_and_a_picture_included(
    client: TestClient, people: dict[str, Caller]
) -> None:
    author = people["owner"]
    document_id = uploaded(client, author, "studio-quiz.docx")

    preview = client.post(f"/documents/{document_id}/preview", headers=author.headers).json()

    blocks = preview["source_blocks"]
    assert [b["index"] for b in blocks] == list(range(len(blocks)))
    first, second, third = preview["questions"]
    assert first["source_range"] == {"first": 2, "last": 8}
    shown = [b["html"] for b in blocks[2:9]]
    assert shown[0].startswith("1. Which element")
    assert [b["kind"] for b in blocks[3:6]] == ["table_row"] * 3
    assert "<td>Sodium</td><td>Na</td>" in shown[2]
    assert shown[-1] == "Answer: A"
    picture = blocks[second["source_range"]["first"] + 1]
    assert '<img src="objects/' in picture["html"]
    assert second["source_range"]["last"] < third["source_range"]["first"]
    assert third["source_range"]["last"] == len(blocks) - 1
    assert preview["unused_blocks"] == []
    assert (preview["unused_tables"], preview["unused_images"]) == (0, 0)


def test_warnings_and_unused_blocks_point_at_the_block_they_concern(
    client: TestClient, people: dict[str, Caller]
) -> None:
    author = people["owner"]
    document_id = uploaded(client, author, "word-numbering.docx")

    preview = client.post(f"/documents/{document_id}/preview", headers=author.headers).json()

    blocks = preview["source_blocks"]
    image = next(w for w in preview["warnings"] if w["message"] == "an image is in no question")
    assert "<img" in blocks[image["block"]]["html"]
    assert blocks[image["block"]]["source"] == image["source"]
    assert image["block"] in preview["unused_blocks"]
    assert preview["unused_images"] == 1
    assert all(blocks[i]["source"] in preview["orphans"] for i in preview["unused_blocks"])
    unused_after_choices = [
        w for w in preview["warnings"] if w["message"].endswith("after the choices was not used")
    ]
    assert unused_after_choices
    for warning in unused_after_choices:
        assert blocks[warning["block"]]["source"] == warning["source"]


def test_text_blocks_are_lines_and_table_cells_map_back_to_their_row(
    client: TestClient, people: dict[str, Caller]
) -> None:
    author = people["owner"]
    document_id = uploaded(client, author, "quiz.txt", "text/plain")

    preview = client.post(f"/documents/{document_id}/preview", headers=author.headers).json()

    blocks = preview["source_blocks"]
    for question in preview["questions"]:
        covered = blocks[question["source_range"]["first"] : question["source_range"]["last"] + 1]
        assert question["source"] in [b["source"] for b in covered]
        assert question["prompt_text"].split()[0] in " ".join(b["text"] for b in covered)


def test_an_import_takes_the_title_given_and_refuses_one_with_into(
    client: TestClient, people: dict[str, Caller]
) -> None:
    author = people["owner"]
    document_id = uploaded(client, author, "studio-quiz.docx")

    created = client.post(
        f"/documents/{document_id}/import",
        json={"title": "Chemistry, term 2"},
        headers=author.headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["title"] == "Chemistry, term 2"

    both = client.post(
        f"/documents/{document_id}/import",
        json={"title": "Another", "into": created.json()["id"]},
        headers=author.headers,
    )
    assert both.status_code == 422
    assert "title" in both.json()["detail"]
    scenario = client.get(f"/scenarios/{created.json()['id']}", headers=author.headers).json()
    assert len(scenario["questions"]) == 3
