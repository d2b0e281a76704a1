"""Files on demand: a scenario or a whole bank as .txt or .pdf, and an attempt's PDF report.

Nothing is stored: the content is read, the file is generated and handed out in chunks. The
exporters take plain data (`quizflow.documents.export_model`), built here from the services'
types, so the documents package never depends on the services.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.export_model import (
    AttemptItem,
    AttemptReport,
    ExportBank,
    ExportChoice,
    ExportQuestion,
    ExportScenario,
    ReportChoice,
)
from quizflow.documents.sanitize import html_to_text
from quizflow.services import access, answers, attempts
from quizflow.services.answers import AnswerResult
from quizflow.services.attempts import AttemptState
from quizflow.services.content import ScenarioContent, load_draft, versions
from quizflow.settings import Settings

ExportFormat = Literal["txt", "pdf"]
_MEDIA_TYPES = {"txt": "text/plain; charset=utf-8", "pdf": "application/pdf"}


@dataclass(frozen=True, slots=True)
class FileStream:
    filename: str
    media_type: str
    chunks: Iterator[bytes]


def file_stem(title: str) -> str:
    """A file name's stem for a title: ASCII letters and digits joined by dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60] or "scenario"


def _text(fragment: str | None) -> str | None:
    if fragment is None:
        return None
    return html_to_text(fragment) or None


def scenario_for_export(content: ScenarioContent) -> ExportScenario:
    """A scenario's content (draft or version) as the exporters take it, questions numbered."""
    return ExportScenario(
        title=content.title,
        context_text=content.context_text,
        version=content.version_number,
        questions=tuple(
            ExportQuestion(
                number=number,
                prompt_text=question.prompt_text,
                choices=tuple(
                    ExportChoice(
                        label=choice.label,
                        text=html_to_text(choice.body),
                        is_correct=choice.is_correct,
                        feedback=_text(choice.feedback),
                    )
                    for choice in question.choices
                ),
                explanation_text=_text(question.explanation),
                is_multiple_choice=question.is_multiple_choice,
                multi_select=question.multi_select,
                points=question.points,
            )
            for number, question in enumerate(content.questions, start=1)
        ),
    )


def attempt_for_export(
    *,
    state: AttemptState,
    content: ScenarioContent,
    history: Sequence[AnswerResult],
    learner: str,
) -> AttemptReport:
    """An attempt's report from its state, the version it played and its answers in order."""
    items = []
    max_score = 0
    for answer in history:
        question = content.question(answer.question_id)
        if question.is_multiple_choice:  # free text is not auto-graded: worth 0 here
            max_score += question.points
        items.append(
            AttemptItem(
                number=answer.question_number,
                prompt_text=question.prompt_text,
                chosen=tuple(
                    ReportChoice(chosen.label, html_to_text(chosen.body))
                    for chosen in answer.chosen
                ),
                free_text=answer.text,
                is_correct=answer.is_correct,
                score=answer.score_awarded,
                correct_labels=answer.correct_labels,
                explanation_text=_text(answer.explanation),
            )
        )
    path = [item.number for item in items]
    if state.current_question is not None:
        # Where an unfinished attempt stands is part of the path it took.
        path.append(state.current_question.number)
    return AttemptReport(
        learner=learner,
        scenario_title=state.title,
        version=state.version,
        attempt=state.attempt,
        status=state.status,
        score=state.score,
        max_score=max_score,
        started_at=state.started_at,
        completed_at=state.completed_at,
        items=tuple(items),
        path=tuple(path),
    )


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
        f"{file_stem(document.title)}{suffix}.{export_format}",
        _MEDIA_TYPES[export_format],
        _render(document, export_format, with_answers=with_answers, settings=settings),
    )


def own_scenario_ids(session: Session, actor: Principal) -> list[uuid.UUID]:
    """The ids of the scenarios the actor owns, by title: what a bank export holds."""
    return list(
        session.scalars(
            select(orm.Scenario.id)
            .where(orm.Scenario.owner_id == actor.user_id)
            .order_by(orm.Scenario.title, orm.Scenario.id)
        )
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
        bank = ExportBank(
            title="Question bank",
            scenarios=tuple(
                scenario_for_export(load_draft(session, i))
                for i in own_scenario_ids(session, actor)
            ),
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
        f"{file_stem(state.title)}-attempt-{state.attempt}.pdf",
        "application/pdf",
        attempt_report_pdf(report, font_dir=settings.pdf_font_dir),
    )
