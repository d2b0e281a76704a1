"""Files on demand: a scenario or a whole bank as .txt or .pdf, and an attempt's PDF report.

Nothing is stored: the content is read, the file is generated and handed out in chunks.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.export_model import (
    ExportBank,
    ExportScenario,
    attempt_for_export,
    scenario_for_export,
)
from quizflow.services import access, answers, attempts
from quizflow.services.content import load_draft, versions
from quizflow.settings import Settings

ExportFormat = Literal["txt", "pdf"]
_MEDIA_TYPES = {"txt": "text/plain; charset=utf-8", "pdf": "application/pdf"}


@dataclass(frozen=True, slots=True)
class FileStream:
    filename: str
    media_type: str
    chunks: Iterator[bytes]


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60] or "scenario"


def _render(
    document: ExportScenario | ExportBank,
    export_format: ExportFormat,
    *,
    with_answers: bool,
    settings: Settings,
) -> Iterator[bytes]:
    from quizflow.documents.exporters import export_pdf, export_txt

    if export_format == "pdf":
        return export_pdf(document, with_answers=with_answers, font_dir=settings.pdf_font_dir)
    return (chunk.encode("utf-8") for chunk in export_txt(document, with_answers=with_answers))


def export_scenario(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal,
    scenario_id: uuid.UUID,
    export_format: ExportFormat,
    with_answers: bool,
) -> FileStream:
    """The author's scenario (its draft) as a file, with or without answers and explanations."""
    with sessions() as session:
        access.authored_scenario(session, actor, scenario_id)
        document = scenario_for_export(load_draft(session, scenario_id))
    suffix = "-answers" if with_answers else ""
    return FileStream(
        f"{_slug(document.title)}{suffix}.{export_format}",
        _MEDIA_TYPES[export_format],
        _render(document, export_format, with_answers=with_answers, settings=settings),
    )


def export_bank(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal,
    export_format: ExportFormat,
    with_answers: bool,
) -> FileStream:
    """Every scenario the actor authors, as one file."""
    access.require_author(actor, "export a question bank")
    with sessions() as session:
        ids = session.scalars(
            select(orm.Scenario.id)
            .where(orm.Scenario.owner_id == actor.user_id)
            .order_by(orm.Scenario.title, orm.Scenario.id)
        ).all()
        bank = ExportBank(
            title="Question bank",
            scenarios=tuple(scenario_for_export(load_draft(session, i)) for i in ids),
        )
    suffix = "-answers" if with_answers else ""
    return FileStream(
        f"question-bank{suffix}.{export_format}",
        _MEDIA_TYPES[export_format],
        _render(bank, export_format, with_answers=with_answers, settings=settings),
    )


def attempt_report(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal,
    attempt_id: uuid.UUID,
) -> FileStream:
    """A PDF of an attempt: questions, the learner's answers, correctness, score and path."""
    from quizflow.documents.exporters import attempt_report_pdf

    state = attempts.get_attempt(sessions=sessions, actor=actor, attempt_id=attempt_id)
    history = answers.attempt_history(sessions=sessions, actor=actor, attempt_id=attempt_id)
    with sessions() as session:
        row = session.get(orm.UserProgress, attempt_id)
        assert row is not None
        learner = session.get(orm.User, row.user_id)
        content = versions.get(session, row.version_id)
    report = attempt_for_export(
        state=state,
        content=content,
        history=history,
        learner=learner.email if learner else "unknown learner",
    )
    return FileStream(
        f"{_slug(state.title)}-attempt-{state.attempt}.pdf",
        "application/pdf",
        attempt_report_pdf(report, font_dir=settings.pdf_font_dir),
    )
