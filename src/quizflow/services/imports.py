"""From a document to a scenario: preview what would be created, then create it at once."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.extract import ExtractedQuestion, Extraction, extract_questions
from quizflow.documents.model import NormalizedDocument
from quizflow.errors import InvalidInputError, NotFoundError
from quizflow.services import access, objects
from quizflow.services.documents import (
    DocumentView,
    Progress,
    put_parts,
    record_document,
    store_document,
)
from quizflow.services.questions import (
    CheckedQuestion,
    ChoiceInput,
    QuestionInput,
    append_question,
    check_question,
)
from quizflow.services.scenarios import ScenarioSummary, new_scenario, summary
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore

GOOGLE_DOC_MEDIA_TYPE = "application/vnd.google-apps.document+json"
T = TypeVar("T")


def normalise(
    data: bytes, *, filename: str, media_type: str | None, settings: Settings
) -> NormalizedDocument:
    """Import bytes of any supported kind (a stored Google Doc is its documents.get JSON)."""
    from quizflow.documents.importers import google_doc_to_document, import_document

    if media_type == GOOGLE_DOC_MEDIA_TYPE:
        return google_doc_to_document(json.loads(data))
    return import_document(
        data,
        filename=filename,
        media_type=media_type,
        max_bytes=settings.max_upload_bytes,
    )


def stored_original(
    sessions: sessionmaker[Session], store: BlobStore, actor: Principal, document_id: uuid.UUID
) -> tuple[orm.Document, bytes]:
    access.require_author(actor, "import documents")
    with sessions() as session:
        row = session.get(orm.Document, document_id)
        if row is None or (row.owner_id != actor.user_id and not actor.is_admin):
            raise NotFoundError(f"document {document_id} does not exist")
        session.expunge(row)
    if row.original_url is None:
        raise NotFoundError(f"document {document_id} has no original to import from")
    return row, store.get(row.original_url)


def preview_import(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    document_id: uuid.UUID,
) -> Extraction:
    """What importing the document would create, with warnings; nothing is written."""
    row, data = stored_original(sessions, store, actor, document_id)
    document = normalise(data, filename=row.filename, media_type=row.media_type, settings=settings)
    return extract_questions(document)


def commit_import(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    document_id: uuid.UUID,
    into: uuid.UUID | None = None,
    title: str | None = None,
) -> ScenarioSummary:
    """Create a scenario from the document, titled `title` when given (or append to `into`),
    in one transaction; raises InvalidInputError for a title with `into`."""
    row, data = stored_original(sessions, store, actor, document_id)
    if title is not None and into is not None:
        raise InvalidInputError("a title is for a new scenario; questions added into one keep its")
    document = normalise(data, filename=row.filename, media_type=row.media_type, settings=settings)
    extraction = extract_questions(document)
    if title is not None:
        extraction = replace(extraction, title=title)
    fallback = PurePath(row.filename).stem or "Imported scenario"
    return save_extraction(
        sessions=sessions, actor=actor, extraction=extraction, into=into, title=fallback
    )


def question_input(question: ExtractedQuestion) -> QuestionInput:
    return QuestionInput(
        prompt_html=question.prompt_html,
        is_multiple_choice=question.is_multiple_choice,
        multi_select=question.multi_select if question.is_multiple_choice else False,
        explanation=question.explanation,
        choices=tuple(
            ChoiceInput(
                body=c.body_html, is_correct=c.is_correct, label=c.label, feedback=c.feedback
            )
            for c in question.choices
        ),
    )


def check_extraction(extraction: Extraction) -> list[CheckedQuestion]:
    """Every extracted question checked, or InvalidInputError naming each that cannot be saved
    (before anything is stored)."""
    if not extraction.questions:
        raise InvalidInputError("no questions were found in the document")
    checked = []
    problems = []
    for question in extraction.questions:
        try:
            checked.append(check_question(question_input(question)))
        except InvalidInputError as exc:
            problems.append(f"question {question.number} ({question.source}): {exc.message}")
    if problems:
        more = len(problems) - 1
        tail = f"; {more} more question(s) cannot be saved either" if more else ""
        raise InvalidInputError(f"{problems[0]}{tail}; nothing was saved")
    return checked


def save_extraction(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    extraction: Extraction,
    into: uuid.UUID | None,
    title: str,
) -> ScenarioSummary:
    """Write extracted questions, linked in order, all or nothing."""
    checked = check_extraction(extraction)
    with sessions.begin() as session:
        return write_questions(session, actor, extraction, checked, into=into, title=title)


def write_questions(
    session: Session,
    actor: Principal,
    extraction: Extraction,
    checked: list[CheckedQuestion],
    *,
    into: uuid.UUID | None,
    title: str,
) -> ScenarioSummary:
    if into is None:
        scenario = new_scenario(
            session, actor, title=extraction.title or title, context_html=extraction.context_html
        )
    else:
        scenario = access.authored_scenario(session, actor, into, lock=True)
    for item in checked:
        append_question(session, scenario, item)
    return summary(session, scenario)


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    document: DocumentView
    scenario: ScenarioSummary


@dataclass(frozen=True, slots=True)
class Upload:
    """What an import keeps of the document itself."""

    filename: str
    data: bytes
    document: NormalizedDocument
    media_type: str | None
    progress: Progress | None


def import_document(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    filename: str,
    data: bytes,
    document: NormalizedDocument,
    extraction: Extraction,
    media_type: str | None = None,
    into: uuid.UUID | None = None,
    progress: Progress | None = None,
) -> ImportedDocument:
    """Keep a document and create its scenario (or append to `into`) as one use case.

    Every question is checked before anything is stored; the objects are put outside any
    transaction, then the document row and the questions are written in one. When any step
    fails nothing is kept: no row, no question, no object this import created.
    """
    access.require_author(actor, "import documents")
    checked = check_extraction(extraction)
    title = PurePath(filename).stem or "Imported scenario"
    kept, created = keep_and_write(
        sessions,
        store,
        settings,
        actor,
        Upload(filename, data, document, media_type, progress),
        lambda session: write_questions(
            session, actor, extraction, checked, into=into, title=title
        ),
    )
    return ImportedDocument(kept, created)


def keep_and_write(
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    upload: Upload,
    write: Callable[[Session], T],
) -> tuple[DocumentView, T]:
    """Put the document's objects, then record it and `write` in one transaction; on any
    failure the objects this import put are removed again."""
    with objects.staging(sessions=sessions, store=store) as staged:
        parts = put_parts(
            staged,
            settings=settings,
            filename=upload.filename,
            data=upload.data,
            document=upload.document,
            media_type=upload.media_type,
            progress=upload.progress,
        )
        with staged.recording(sessions) as session:
            kept = record_document(session, actor, parts)
            return kept, write(session)


def upload_document(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    filename: str,
    data: bytes,
    media_type: str | None = None,
) -> DocumentView:
    """Normalise an uploaded file and keep it (see services.documents.store_document)."""
    access.require_author(actor, "upload documents")
    # normalise() refuses an oversized file before reading it (importers' check_upload_size).
    document = normalise(data, filename=filename, media_type=media_type, settings=settings)
    return store_document(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        filename=filename,
        data=data,
        document=document,
        media_type=media_type,
    )


def upload_google_doc(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    reference: str,
    http: object | None = None,
) -> DocumentView:
    """Fetch a Google Doc (a .gdoc pointer's text, a Docs URL or an id) and keep it."""
    from quizflow.documents.importers import (
        fetch_google_doc,
        gdoc_reference,
        google_doc_to_document,
    )

    access.require_author(actor, "import documents")
    document_id = gdoc_reference(reference)
    body = fetch_google_doc(document_id, http=http, max_bytes=settings.max_upload_bytes)
    document = google_doc_to_document(body)
    data = json.dumps(body, ensure_ascii=False).encode()
    title = str(body.get("title") or document_id)
    return store_document(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        filename=f"{title[:200]}.gdoc.json",
        data=data,
        document=document,
        media_type=GOOGLE_DOC_MEDIA_TYPE,
    )
