"""Question banks: preview and import a GIFT, Aiken, Moodle XML or QTI 3 upload; what an
export in those formats would not keep. (The files themselves come from the export routes.)"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile, status

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep, StoreDep
from quizflow.api.routes import problems
from quizflow.api.schemas.interchange import (
    BankFormat,
    BankImportRead,
    BankPreviewRead,
    ExportReportRead,
    NoteRead,
    PlannedChoiceRead,
    PlannedLinkRead,
    PlannedQuestionRead,
    PlannedScenarioRead,
)
from quizflow.api.schemas.scenarios import ScenarioRead
from quizflow.errors import DocumentTooLargeError
from quizflow.services import interchange, interchange_export
from quizflow.services.interchange import ImportPlan

router = APIRouter(prefix="/banks", tags=["banks"])
FormatQuery = Annotated[
    BankFormat | None, Query(alias="format", description="Detected from the content if left out")
]
BankFile = Annotated[UploadFile, File(description="GIFT, Aiken, Moodle XML, or a QTI 3 .zip")]


def _data(file: UploadFile, limit: int) -> bytes:
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise DocumentTooLargeError(f"the upload is larger than the limit of {limit} bytes")
    return data


def _preview(plan: ImportPlan) -> BankPreviewRead:
    return BankPreviewRead(
        format=plan.format,
        question_count=plan.question_count,
        notes=[NoteRead.model_validate(n) for n in plan.notes],
        scenarios=[
            PlannedScenarioRead(
                title=s.title,
                context_html=s.context_html,
                branching=s.branching,
                questions=[
                    PlannedQuestionRead(
                        bank_id=q.bank_id,
                        source=q.source,
                        prompt_html=q.checked.prompt_html,
                        prompt_text=q.checked.prompt_text,
                        kind="text"
                        if not q.checked.is_multiple_choice
                        else ("multiple" if q.checked.multi_select else "single"),
                        points=q.checked.points,
                        explanation=q.checked.explanation,
                        choices=[PlannedChoiceRead.model_validate(c) for c in q.checked.choices],
                        links=[PlannedLinkRead.model_validate(link) for link in q.links],
                    )
                    for q in s.questions
                ],
            )
            for s in plan.scenarios
        ],
    )


@router.post("/preview", responses=problems(403, 413, 415))
def preview(
    file: BankFile, actor: ActorDep, settings: SettingsDep, file_format: FormatQuery = None
) -> BankPreviewRead:
    """What importing the bank would create, per item what is converted or skipped; nothing
    is written."""
    plan = interchange.preview_bank(
        data=_data(file, settings.max_upload_bytes),
        filename=file.filename or "upload",
        settings=settings,
        file_format=file_format,
        actor=actor,
    )
    return _preview(plan)


@router.post("/import", status_code=status.HTTP_201_CREATED, responses=problems(403, 413, 415))
def import_bank(
    file: BankFile,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
    file_format: FormatQuery = None,
) -> BankImportRead:
    """Keep the file and create its scenarios (one per category or test part), all at once."""
    result = interchange.import_bank(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        data=_data(file, settings.max_upload_bytes),
        filename=file.filename or "upload",
        file_format=file_format,
    )
    return BankImportRead(
        document_id=result.document_id,
        scenarios=[ScenarioRead.model_validate(s) for s in result.scenarios],
        notes=[NoteRead.model_validate(n) for n in result.notes],
    )


@router.get("/scenarios/{scenario_id}/export-report", responses=problems(403, 404))
def scenario_export_report(
    scenario_id: uuid.UUID,
    file_format: Annotated[BankFormat, Query(alias="format")],
    actor: ActorDep,
    sessions: SessionsDep,
    store: StoreDep,
) -> ExportReportRead:
    """What exporting the scenario in this format would not keep, per question."""
    written = interchange_export.export_scenario_bank(
        sessions=sessions,
        store=store,
        actor=actor,
        scenario_id=scenario_id,
        file_format=file_format,
    )
    return ExportReportRead(
        filename=written.filename, notes=[NoteRead.model_validate(n) for n in written.notes]
    )
