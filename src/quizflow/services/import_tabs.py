"""One scenario per tab: a Google Doc's tabs (and child tabs) imported as scenarios of their
own, all in one transaction, or none when any tab cannot be saved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.documents.model import NormalizedDocument
from quizflow.documents.tabs import TabExtraction, extract_per_tab
from quizflow.errors import InvalidInputError
from quizflow.services import access, imports
from quizflow.services.documents import DocumentView, Progress
from quizflow.services.questions import CheckedQuestion
from quizflow.services.scenarios import ScenarioSummary
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore


def fallback_title(filename: str) -> str:
    return PurePath(PurePath(filename).stem).stem or "Imported scenario"


def preview_tabs(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    document_id: uuid.UUID,
) -> list[TabExtraction]:
    """What importing one scenario per tab would create; nothing is written.

    Raises InvalidInputError when the document has no tabs.
    """
    row, data = imports.stored_original(sessions, store, actor, document_id)
    document = imports.normalise(
        data, filename=row.filename, media_type=row.media_type, settings=settings
    )
    return extract_per_tab(document, fallback_title=fallback_title(row.filename))


def commit_import_per_tab(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    document_id: uuid.UUID,
) -> tuple[ScenarioSummary, ...]:
    """Create one scenario per tab of the document, all in one transaction.

    Raises InvalidInputError (naming the tab) when a tab cannot be saved, or there are no tabs.
    """
    tabs = preview_tabs(
        sessions=sessions, store=store, settings=settings, actor=actor, document_id=document_id
    )
    planned = check_tabs(tabs)
    with sessions.begin() as session:
        return _write_tabs(session, actor, planned)


def check_tabs(tabs: list[TabExtraction]) -> list[tuple[TabExtraction, list[CheckedQuestion]]]:
    """Each tab that holds questions, checked (a tab without any, such as a cover page, makes
    no scenario); InvalidInputError naming the first tab that cannot be saved."""
    planned = []
    for tab in tabs:
        if not tab.extraction.questions:
            continue
        try:
            planned.append((tab, imports.check_extraction(tab.extraction)))
        except InvalidInputError as exc:
            raise InvalidInputError(f"{tab.label}: {exc.message}") from exc
    if not planned:
        raise InvalidInputError("no questions were found in any tab of the document")
    return planned


def _write_tabs(
    session: Session,
    actor: Principal,
    planned: list[tuple[TabExtraction, list[CheckedQuestion]]],
) -> tuple[ScenarioSummary, ...]:
    return tuple(
        imports.write_questions(
            session, actor, tab.extraction, checked, into=None, title=tab.scenario_title
        )
        for tab, checked in planned
    )


@dataclass(frozen=True, slots=True)
class ImportedTabs:
    document: DocumentView
    scenarios: tuple[ScenarioSummary, ...]


def import_document_per_tab(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    filename: str,
    data: bytes,
    document: NormalizedDocument,
    tabs: list[TabExtraction],
    media_type: str | None = None,
    progress: Progress | None = None,
) -> ImportedTabs:
    """Keep a document and create one scenario per tab, as one use case (all or nothing, as
    `import_document`); InvalidInputError naming the tab that cannot be saved."""
    access.require_author(actor, "import documents")
    planned = check_tabs(tabs)
    kept, created = imports.keep_and_write(
        sessions,
        store,
        settings,
        actor,
        imports.Upload(filename, data, document, media_type, progress),
        lambda session: _write_tabs(session, actor, planned),
    )
    return ImportedTabs(kept, created)
