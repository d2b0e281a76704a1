"""`quizflow import URL` keeps a Google Doc's image: the real CLI, Google's HttpMockSequence
answering the Docs API and then the image server, PostgreSQL and the object store for real."""

# ruff: noqa: F811  (the fixtures of test_cli_documents are imported, then asked for by name)

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

from sqlalchemy import text

from quizflow.storage.base import content_key
from tests import gdocs_images
from tests.cli import quizflow
from tests.integration.test_cli_documents import Env, env  # noqa: F401

# Each answer of the sequence is a status and the file holding its body.
WITH_GOOGLE = (
    sys.executable,
    "-c",
    """
import json, os, sys
from functools import partial
from pathlib import Path
from googleapiclient.http import HttpMockSequence
from quizflow.documents import importers
from quizflow.cli.main import main

answers = json.loads(Path(os.environ["TEST_GOOGLE_ANSWERS"]).read_text())
mock = HttpMockSequence([({"status": s}, Path(p).read_bytes()) for s, p in answers])
importers.fetch_google_doc = partial(importers.fetch_google_doc, http=mock)
main(sys.argv[1:])
""",
)
URL = "https://docs.google.com/document/d/1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw/edit"


def answers(tmp_path: Path, *bodies: tuple[str, bytes]) -> Path:
    files = []
    for number, (status, body) in enumerate(bodies):
        path = tmp_path / f"answer-{number}"
        path.write_bytes(body)
        files.append((status, str(path)))
    listing = tmp_path / "answers.json"
    listing.write_text(json.dumps(files))
    return listing


def prompt_html(env: Env, scenario_id: uuid.UUID) -> str:
    with env.engine.connect() as conn:
        query = text("SELECT prompt_html FROM questions WHERE scenario_id = :s")
        return str(conn.execute(query, {"s": scenario_id}).scalar_one())


def test_import_of_a_google_doc_link_stores_its_image(env: Env, tmp_path: Path) -> None:
    png = gdocs_images.picture()
    doc = json.dumps(gdocs_images.quiz_with_image()).encode()
    listing = answers(tmp_path, ("200", doc), ("200", png))

    result = quizflow(
        "import",
        URL,
        command=WITH_GOOGLE,
        database_url=env.db_url,
        env={"QUIZFLOW_STORAGE_DIR": str(env.storage), "TEST_GOOGLE_ANSWERS": str(listing)},
    )

    assert result.returncode == 0, result.stderr
    key = content_key(png, extension="png")
    assert f'<img src="{key}" alt="">' in prompt_html(env, uuid.UUID(result.stdout.strip()))
    assert (env.storage / key).read_bytes() == png
    with env.engine.connect() as conn:
        keys = conn.execute(text("SELECT object_keys FROM documents")).scalar_one()
    assert key in keys
