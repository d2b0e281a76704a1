"""Documents: upload (file or Google Doc), read back, preview and commit an import (of the
whole document, or one scenario per Google Docs tab)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep, StoreDep, UploadSlotsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.documents import (
    DocumentContentRead,
    DocumentRead,
    GoogleDocImport,
    ImportCommit,
    ImportPreview,
    TabPreview,
)
from quizflow.api.schemas.scenarios import ScenarioRead
from quizflow.errors import DocumentTooLargeError
from quizflow.services import documents, import_tabs, imports
from quizflow.services.documents import DocumentView

router = APIRouter(prefix="/documents", tags=["documents"])
# `:uuid` so that /documents/google, asked with another method than POST, is a 405 with its
# `Allow` header rather than a read of a document whose id would be "google".
DOCUMENT = "/{document_id:uuid}"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 413, 415),
)
async def upload(
    file: Annotated[UploadFile, File(description=".docx, .txt, .md, .html or .gdoc")],
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
    slots: UploadSlotsDep,
) -> DocumentRead:
    """Upload a document: it is normalised to sanitised HTML and text, and kept."""
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise DocumentTooLargeError(
            f"the upload is larger than the limit of {settings.max_upload_bytes} bytes"
        )
    filename = file.filename or "upload"
    keep: Callable[..., DocumentView]
    if filename.lower().endswith(".gdoc"):
        keep = partial(imports.upload_google_doc, reference=data.decode("utf-8", errors="replace"))
    else:
        keep = partial(
            imports.upload_document, filename=filename, data=data, media_type=file.content_type
        )
    kept = await slots.run(
        partial(keep, sessions=sessions, store=store, settings=settings, actor=actor)
    )
    return DocumentRead.model_validate(kept)


@router.post("/google", status_code=status.HTTP_201_CREATED, responses=problems(403, 503))
async def upload_google_doc(
    body: GoogleDocImport,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
    slots: UploadSlotsDep,
) -> DocumentRead:
    """Fetch a Google Doc with the Docs API (it must be shared with our service account)."""
    kept = await slots.run(
        partial(
            imports.upload_google_doc,
            sessions=sessions,
            store=store,
            settings=settings,
            actor=actor,
            reference=body.reference,
        )
    )
    return DocumentRead.model_validate(kept)


@router.get("", responses=problems(403))
def list_documents(actor: ActorDep, sessions: SessionsDep) -> list[DocumentRead]:
    """Your documents, newest first."""
    return [
        DocumentRead.model_validate(d)
        for d in documents.list_documents(sessions=sessions, actor=actor)
    ]


@router.get(DOCUMENT, responses=problems(404, 503))
def read_document(
    document_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
) -> DocumentContentRead:
    """The normalised content, wherever it is kept (inline, or object storage when large)."""
    content = documents.read_document(
        sessions=sessions, store=store, settings=settings, actor=actor, document_id=document_id
    )
    return DocumentContentRead.model_validate(content)


@router.post(DOCUMENT + "/preview", responses=problems(403, 404))
def preview(
    document_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
) -> ImportPreview:
    """What importing would create: questions, choices, answers, each with its source, and
    warnings. Nothing is written."""
    extraction = imports.preview_import(
        sessions=sessions, store=store, settings=settings, actor=actor, document_id=document_id
    )
    return ImportPreview.model_validate(extraction)


@router.post(
    DOCUMENT + "/import", status_code=status.HTTP_201_CREATED, responses=problems(403, 404)
)
def commit(
    document_id: uuid.UUID,
    body: ImportCommit,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
) -> ScenarioRead:
    """Create a scenario from the document (or append to `into`): all or nothing. Preview
    first: each question says which source blocks it came from."""
    created = imports.commit_import(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        document_id=document_id,
        into=body.into,
        title=body.title,
    )
    return ScenarioRead.model_validate(created)


@router.post(DOCUMENT + "/preview/tabs", responses=problems(403, 404))
def preview_tabs(
    document_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
) -> list[TabPreview]:
    """What importing one scenario per tab would create: each tab (child tabs after their
    parent) with its questions. Nothing is written; a document without tabs is a 422."""
    tabs = import_tabs.preview_tabs(
        sessions=sessions, store=store, settings=settings, actor=actor, document_id=document_id
    )
    return [
        TabPreview(
            source=tab.source,
            tab_title=tab.tab_title,
            scenario_title=tab.scenario_title,
            makes_scenario=bool(tab.extraction.questions),
            preview=ImportPreview.model_validate(tab.extraction),
        )
        for tab in tabs
    ]


@router.post(
    DOCUMENT + "/import/tabs",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404),
)
def commit_per_tab(
    document_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
) -> list[ScenarioRead]:
    """Create one scenario per tab that holds questions, all or nothing: a tab that cannot
    be saved is named in the 422 and no scenario is created."""
    created = import_tabs.commit_import_per_tab(
        sessions=sessions, store=store, settings=settings, actor=actor, document_id=document_id
    )
    return [ScenarioRead.model_validate(scenario) for scenario in created]
