"""Documents are stored by size, in PostgreSQL or object storage, and never half-saved."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import NotFoundError, StorageError, UnauthorizedError
from quizflow.services import documents, imports
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore, content_key
from quizflow.storage.factory import build_blob_store
from quizflow.storage.local import LocalBlobStore
from tests import gdocs_images
from tests.factories import make_principal
from tests.s3_server import MotoServer

MiB = 1024 * 1024


def big_text(size: int) -> bytes:
    line = "Which extinguisher is used on an electrical fire? A) Water B) CO2 Answer: B\n\n"
    return (line * (size // len(line) + 1)).encode()


@pytest.fixture
def author(sessions: sessionmaker[Session]) -> Principal:
    with sessions.begin() as session:
        return make_principal(session, "author")


def local_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=tmp_path / "data", **overrides)


def s3_settings(endpoint: str, bucket: str) -> Settings:
    return Settings(
        storage_backend="s3",
        s3_bucket=bucket,
        s3_endpoint_url=endpoint,
        s3_access_key_id="testing",  # type: ignore[arg-type]
        s3_secret_access_key="testing",  # type: ignore[arg-type]
        s3_connect_timeout_s=1.0,
        s3_read_timeout_s=2.0,
        s3_max_attempts=2,
    )


def upload(
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    data: bytes,
) -> documents.DocumentView:
    return imports.upload_document(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        filename="bank.txt",
        data=data,
        media_type="text/plain",
    )


def rows(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(orm.Document)) or 0)


def test_small_content_is_kept_inline_and_large_content_in_object_storage(
    sessions: sessionmaker[Session], author: Principal, tmp_path: Path
) -> None:
    settings = local_settings(tmp_path, inline_content_max_bytes=64 * 1024)
    store = build_blob_store(settings)

    small = upload(sessions, store, settings, author, big_text(10 * 1024))
    large = upload(sessions, store, settings, author, big_text(200 * 1024))

    assert small.storage == "inline"
    assert large.storage == "object"
    with sessions() as session:
        row = session.get(orm.Document, large.id)
        assert row is not None
        assert row.content_text is None
        assert row.storage_url is not None
        assert row.storage_url.startswith("file://")
    read = documents.read_document(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=large.id
    )
    assert read.text.count("electrical fire") > 1000


def test_content_of_a_mebibyte_or_more_goes_to_s3_and_a_presigned_url_fetches_it(
    sessions: sessionmaker[Session], author: Principal, s3_server: str, s3_bucket: str
) -> None:
    settings = s3_settings(s3_server, s3_bucket)
    store = build_blob_store(settings)

    kept = upload(sessions, store, settings, author, big_text(MiB + 1000))

    assert kept.storage == "object"
    with sessions() as session:
        row = session.get(orm.Document, kept.id)
        assert row is not None
        assert row.storage_url is not None
        assert row.storage_url.startswith(f"s3://{s3_bucket}/")
        assert row.original_url is not None
    read = documents.read_document(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=kept.id
    )
    assert read.download_url is not None
    fetched = httpx.get(read.download_url, timeout=10)
    assert fetched.status_code == 200
    assert json.loads(fetched.content)["text"] == read.text


def test_when_s3_is_down_an_upload_fails_with_storage_error_and_leaves_no_row(
    sessions: sessionmaker[Session],
    author: Principal,
    s3_server_process: MotoServer,
    s3_bucket: str,
) -> None:
    settings = s3_settings(s3_server_process.endpoint_url, s3_bucket)
    store = build_blob_store(settings)
    s3_server_process.stop()
    try:
        with pytest.raises(StorageError):
            upload(sessions, store, settings, author, big_text(MiB + 1000))
        assert rows(sessions) == 0
    finally:
        s3_server_process.start()
        s3_server_process.create_bucket(s3_bucket)

    assert upload(sessions, store, settings, author, big_text(MiB + 1000)).storage == "object"
    assert rows(sessions) == 1


def test_objects_written_before_a_failed_commit_are_deleted_again(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    settings = local_settings(tmp_path)
    store = build_blob_store(settings)
    ghost = Principal(user_id=uuid.uuid4(), role="author", email=None)  # no account row

    with pytest.raises(UnauthorizedError):
        upload(sessions, store, settings, ghost, big_text(4096))

    assert list(store.iter_keys()) == []
    assert rows(sessions) == 0


def test_garbage_collection_deletes_only_objects_no_document_refers_to(
    sessions: sessionmaker[Session], author: Principal, tmp_path: Path
) -> None:
    settings = local_settings(tmp_path)
    store = build_blob_store(settings)
    assert isinstance(store, LocalBlobStore)
    kept = upload(sessions, store, settings, author, big_text(4096))
    orphan = store.put("objects/orphan.txt", b"left by a crash", content_type="text/plain")

    preview = documents.collect_garbage(sessions=sessions, store=store, dry_run=True)
    report = documents.collect_garbage(sessions=sessions, store=store)

    assert preview.deleted == ["objects/orphan.txt"]
    assert report.deleted == ["objects/orphan.txt"]
    assert "objects/orphan.txt" not in list(store.iter_keys())
    with pytest.raises(NotFoundError):
        store.get(orphan)
    read = documents.read_document(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=kept.id
    )
    assert "electrical fire" in read.text


def test_a_google_doc_is_fetched_kept_as_its_json_and_previewed_from_it(
    sessions: sessionmaker[Session], author: Principal, tmp_path: Path
) -> None:
    from googleapiclient.http import HttpMock

    settings = local_settings(tmp_path)
    store = build_blob_store(settings)
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "gdoc-quiz.json"
    url = "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg/edit"

    kept = imports.upload_google_doc(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=author,
        reference=url,
        http=HttpMock(str(fixture), {"status": "200"}),
    )
    preview = imports.preview_import(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=kept.id
    )

    assert kept.media_type == imports.GOOGLE_DOC_MEDIA_TYPE
    assert preview.questions
    assert any(choice.is_correct for q in preview.questions for choice in q.choices)


def test_a_google_doc_image_is_downloaded_stored_and_in_the_imported_question(
    sessions: sessionmaker[Session], author: Principal, tmp_path: Path
) -> None:
    settings = local_settings(tmp_path)
    store = build_blob_store(settings)
    png = gdocs_images.picture()
    doc = gdocs_images.quiz_with_image()
    url = "https://docs.google.com/document/d/1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw/edit"

    kept = imports.upload_google_doc(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=author,
        reference=url,
        http=gdocs_images.google(doc, gdocs_images.sent(png)),
    )
    made = imports.commit_import(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=kept.id
    )

    key = content_key(png, extension="png")
    assert store.get(store.url_for(key)) == png
    with sessions() as session:
        document = session.get(orm.Document, kept.id)
        assert document is not None and key in document.object_keys
        (prompt,) = session.scalars(
            select(orm.Question.prompt_html).where(orm.Question.scenario_id == made.id)
        )
    assert f'<img src="{key}" alt="">' in prompt
    assert gdocs_images.PROMPT in prompt


def test_a_refused_google_doc_image_leaves_the_rest_of_the_import(
    sessions: sessionmaker[Session], author: Principal, tmp_path: Path
) -> None:
    settings = local_settings(tmp_path)
    store = build_blob_store(settings)
    denied = ({"status": "403"}, "<html>403 Forbidden</html>")
    url = "https://docs.google.com/document/d/1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw/edit"

    kept = imports.upload_google_doc(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=author,
        reference=url,
        http=gdocs_images.google(gdocs_images.quiz_with_image(), denied),
    )
    preview = imports.preview_import(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=kept.id
    )

    (question,) = preview.questions
    assert question.prompt_text == gdocs_images.PROMPT
    assert "HTTP 403" in " ".join(w.message for w in preview.warnings)
    with sessions() as session:
        document = session.get(orm.Document, kept.id)
        assert document is not None  # only its original, no image
        assert [key.rsplit(".", 1)[1] for key in document.object_keys] == ["json"]
