"""Files generated on request: scenarios, the question bank, attempt reports."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep, StoreDep
from quizflow.api.routes import problems
from quizflow.services import exports, interchange_export
from quizflow.services.exports import FileStream
from quizflow.services.interchange_export import BankExport

router = APIRouter(tags=["exports"])
Format = Annotated[
    Literal["txt", "pdf", "gift", "aiken", "moodle-xml", "qti3"],
    Query(alias="format", description="A document (txt, pdf) or a question bank format"),
]
Answers = Annotated[bool, Query(description="Include the answer key, explanations, feedback")]
_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "application/xml": {"schema": {"type": "string"}},
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
        }
    }
}


def _bank(written: BankExport) -> StreamingResponse:
    # What the format could not keep is counted here and listed by /banks/…/export-report.
    return StreamingResponse(
        iter([written.data]),
        media_type=written.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{written.filename}"',
            "X-Quizflow-Not-Kept": str(len(written.notes)),
        },
    )


def _stream(file: FileStream) -> StreamingResponse:
    return StreamingResponse(
        file.chunks,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@router.get(
    "/scenarios/{scenario_id}/export",
    response_class=StreamingResponse,
    responses={**_FILES, **problems(403, 404)},
)
def export_scenario(
    scenario_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
    export_format: Format = "pdf",
    answers: Answers = False,
) -> StreamingResponse:
    """The scenario as a .txt or .pdf file (with or without the answers), or in a question
    bank format (always with answers; X-Quizflow-Not-Kept counts what it could not keep)."""
    if export_format not in {"txt", "pdf"}:
        return _bank(
            interchange_export.export_scenario_bank(
                sessions=sessions,
                store=store,
                actor=actor,
                scenario_id=scenario_id,
                file_format=export_format,  # type: ignore[arg-type]
            )
        )
    return _stream(
        exports.export_scenario(
            sessions=sessions,
            settings=settings,
            actor=actor,
            scenario_id=scenario_id,
            export_format=export_format,
            with_answers=answers,
        )
    )


@router.get("/bank/export", response_class=StreamingResponse, responses={**_FILES, **problems(403)})
def export_bank(
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
    export_format: Format = "pdf",
    answers: Answers = False,
) -> StreamingResponse:
    """Every scenario you author, as one file (a category or test part per scenario)."""
    if export_format not in {"txt", "pdf"}:
        return _bank(
            interchange_export.export_author_bank(
                sessions=sessions,
                store=store,
                actor=actor,
                file_format=export_format,  # type: ignore[arg-type]
            )
        )
    return _stream(
        exports.export_bank(
            sessions=sessions,
            settings=settings,
            actor=actor,
            export_format=export_format,
            with_answers=answers,
        )
    )


@router.get(
    "/attempts/{attempt_id}/report",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        **problems(404),
    },
)
def attempt_report(
    attempt_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> StreamingResponse:
    """A PDF report of your attempt: answers, correctness, score and the path taken."""
    return _stream(
        exports.attempt_report(
            sessions=sessions, settings=settings, actor=actor, attempt_id=attempt_id
        )
    )
