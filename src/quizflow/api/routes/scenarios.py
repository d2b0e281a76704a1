"""Authoring: scenarios, their questions and links, validation, publishing, diagrams."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status

from quizflow.api.deps import ActorDep, SessionsDep
from quizflow.api.routes import problems, stale_write
from quizflow.api.schemas.scenarios import (
    LinkCreate,
    LinkRead,
    LinkUpdate,
    PreviewRead,
    PreviewRequest,
    QuestionOrder,
    QuestionRead,
    QuestionWrite,
    ScenarioCreate,
    ScenarioDetail,
    ScenarioRead,
    ScenarioUpdate,
    ValidationRead,
    VersionRead,
)
from quizflow.errors import PreconditionFailedError
from quizflow.flow.validation import has_errors
from quizflow.services import UNSET, links, preview, publishing, questions, scenarios
from quizflow.services.questions import ChoiceInput, QuestionInput

router = APIRouter(prefix="/scenarios", tags=["authoring"])

IfMatch = Annotated[
    str | None,
    Header(
        max_length=1000,
        description="The etag you read: the write is refused (412) if it changed since. "
        "Omitted: the write is made whatever changed.",
    ),
]
_ETAG_HEADER = {
    "ETag": {"description": "The strong ETag of the body's content", "schema": {"type": "string"}}
}


def _with_etag(response: Response, etag: str) -> None:
    response.headers["ETag"] = etag


def _question_input(body: QuestionWrite) -> QuestionInput:
    return QuestionInput(
        prompt_html=body.prompt_html,
        is_multiple_choice=body.is_multiple_choice,
        multi_select=body.multi_select,
        explanation=body.explanation,
        points=body.points,
        choices=tuple(
            ChoiceInput(body=c.body, is_correct=c.is_correct, label=c.label, feedback=c.feedback)
            for c in body.choices
        ),
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={201: {"headers": _ETAG_HEADER}, **problems(403)},
)
def create_scenario(
    body: ScenarioCreate, actor: ActorDep, sessions: SessionsDep, response: Response
) -> ScenarioRead:
    """Create a draft scenario owned by you."""
    created = scenarios.create_scenario(
        sessions=sessions, actor=actor, title=body.title, context_html=body.context_html
    )
    _with_etag(response, created.etag)
    return ScenarioRead.model_validate(created)


@router.get("", responses=problems(403))
def list_scenarios(
    actor: ActorDep,
    sessions: SessionsDep,
    scenario_status: Annotated[Literal["draft", "published"] | None, Query(alias="status")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=300,
            description="Only titles containing this text, ignoring case (% and _ are literal)",
        ),
    ] = None,
) -> list[ScenarioRead]:
    """Your scenarios (every scenario, for admins), most recently edited first."""
    found = scenarios.list_scenarios(
        sessions=sessions, actor=actor, status=scenario_status, title_contains=q
    )
    return [ScenarioRead.model_validate(s) for s in found]


@router.get("/{scenario_id}", responses={200: {"headers": _ETAG_HEADER}, **problems(403, 404)})
def get_scenario(
    scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, response: Response
) -> ScenarioDetail:
    """The draft with its questions, choices (with correct answers) and links."""
    read = scenarios.get_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id)
    _with_etag(response, read.summary.etag)
    return ScenarioDetail.model_validate(
        {
            **ScenarioRead.model_validate(read.summary).model_dump(),
            "questions": [QuestionRead.model_validate(q) for q in read.content.questions],
        }
    )


@router.patch(
    "/{scenario_id}",
    responses={
        200: {"headers": _ETAG_HEADER},
        **problems(403, 404),
        **stale_write("ScenarioRead"),
    },
)
def update_scenario(
    scenario_id: uuid.UUID,
    body: ScenarioUpdate,
    actor: ActorDep,
    sessions: SessionsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ScenarioRead:
    """Change the title, the context, or which question comes first."""
    first = body.first_question_id if "first_question_id" in body.model_fields_set else UNSET
    try:
        updated = scenarios.update_scenario(
            sessions=sessions,
            actor=actor,
            scenario_id=scenario_id,
            title=body.title,
            context_html=body.context_html,
            first_question_id=first,
            if_match=if_match,
        )
    except PreconditionFailedError as stale:
        stale.current = ScenarioRead.model_validate(stale.current).model_dump(mode="json")
        raise
    _with_etag(response, updated.etag)
    return ScenarioRead.model_validate(updated)


@router.post(
    "/{scenario_id}/duplicate",
    status_code=status.HTTP_201_CREATED,
    responses={201: {"headers": _ETAG_HEADER}, **problems(403, 404)},
)
def duplicate_scenario(
    scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, response: Response
) -> ScenarioRead:
    """A new draft of yours, "<title> (copy)", with the same questions, choices and links."""
    copy = scenarios.duplicate_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id)
    _with_etag(response, copy.etag)
    return ScenarioRead.model_validate(copy)


@router.delete(
    "/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problems(403, 404, 409)
)
def delete_scenario(scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> Response:
    """Delete a scenario that no learner has played (otherwise unpublish it)."""
    scenarios.delete_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{scenario_id}/questions",
    status_code=status.HTTP_201_CREATED,
    responses={201: {"headers": _ETAG_HEADER}, **problems(403, 404)},
)
def add_question(
    scenario_id: uuid.UUID,
    body: QuestionWrite,
    actor: ActorDep,
    sessions: SessionsDep,
    response: Response,
) -> QuestionRead:
    """Append a question; it is linked from the previous one when that led nowhere yet."""
    added = questions.add_question(
        sessions=sessions, actor=actor, scenario_id=scenario_id, question=_question_input(body)
    )
    _with_etag(response, added.etag)
    return QuestionRead.model_validate(added)


@router.put(
    "/{scenario_id}/questions/{question_id}",
    responses={
        200: {"headers": _ETAG_HEADER},
        **problems(403, 404),
        **stale_write("QuestionRead"),
    },
)
def replace_question(
    scenario_id: uuid.UUID,
    question_id: uuid.UUID,
    body: QuestionWrite,
    actor: ActorDep,
    sessions: SessionsDep,
    response: Response,
    if_match: IfMatch = None,
) -> QuestionRead:
    """Replace a question's text, kind, points and choices (its links stay)."""
    try:
        replaced = questions.replace_question(
            sessions=sessions,
            actor=actor,
            scenario_id=scenario_id,
            question_id=question_id,
            question=_question_input(body),
            if_match=if_match,
        )
    except PreconditionFailedError as stale:
        stale.current = QuestionRead.model_validate(stale.current).model_dump(mode="json")
        raise
    _with_etag(response, replaced.etag)
    return QuestionRead.model_validate(replaced)


@router.delete(
    "/{scenario_id}/questions/{question_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(403, 404),
)
def delete_question(
    scenario_id: uuid.UUID, question_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> Response:
    """Delete a question; links through it are re-pointed to where it led by default."""
    questions.delete_question(
        sessions=sessions, actor=actor, scenario_id=scenario_id, question_id=question_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{scenario_id}/question-order", responses=problems(403, 404))
def reorder_questions(
    scenario_id: uuid.UUID, body: QuestionOrder, actor: ActorDep, sessions: SessionsDep
) -> QuestionOrder:
    """Set the display order (a linear scenario is re-chained in that order)."""
    ordered = questions.reorder_questions(
        sessions=sessions, actor=actor, scenario_id=scenario_id, question_ids=body.question_ids
    )
    return QuestionOrder(question_ids=ordered)


@router.post(
    "/{scenario_id}/links", status_code=status.HTTP_201_CREATED, responses=problems(403, 404, 409)
)
def add_link(
    scenario_id: uuid.UUID, body: LinkCreate, actor: ActorDep, sessions: SessionsDep
) -> LinkRead:
    """Add a link: when `condition` holds for an answer to `from`, go to `to` (null ends)."""
    created = links.add_link(
        sessions=sessions,
        actor=actor,
        scenario_id=scenario_id,
        from_question_id=body.from_question_id,
        to_question_id=body.to_question_id,
        condition=body.condition,
        priority=body.priority,
    )
    return LinkRead.model_validate(created)


@router.patch("/{scenario_id}/links/{link_id}", responses=problems(403, 404, 409))
def update_link(
    scenario_id: uuid.UUID,
    link_id: uuid.UUID,
    body: LinkUpdate,
    actor: ActorDep,
    sessions: SessionsDep,
) -> LinkRead:
    """Change a link's target, condition or priority."""
    target = body.to_question_id if "to_question_id" in body.model_fields_set else UNSET
    updated = links.update_link(
        sessions=sessions,
        actor=actor,
        scenario_id=scenario_id,
        link_id=link_id,
        to_question_id=target,
        condition=body.condition,
        priority=body.priority,
    )
    return LinkRead.model_validate(updated)


@router.delete(
    "/{scenario_id}/links/{link_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(403, 404),
)
def delete_link(
    scenario_id: uuid.UUID, link_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> Response:
    """Remove a link."""
    links.delete_link(sessions=sessions, actor=actor, scenario_id=scenario_id, link_id=link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{scenario_id}/preview", responses=problems(403, 404))
def preview_draft(
    scenario_id: uuid.UUID, body: PreviewRequest, actor: ActorDep, sessions: SessionsDep
) -> PreviewRead:
    """Play the draft as a learner would, replaying the answers so far; nothing is stored."""
    played = preview.preview_draft(
        sessions=sessions,
        actor=actor,
        scenario_id=scenario_id,
        start_question_id=body.start_question_id,
        answers=[
            preview.PreviewAnswer(
                question_id=a.question_id,
                choice_ids=tuple(a.choice_ids) if a.choice_ids is not None else None,
                text=a.text,
            )
            for a in body.answers
        ],
    )
    return PreviewRead.model_validate(played)


@router.get("/{scenario_id}/validation", responses=problems(403, 404))
def validate(scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> ValidationRead:
    """The flow's errors (which block publishing) and warnings."""
    issues = publishing.validate_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id)
    return ValidationRead.model_validate({"publishable": not has_errors(issues), "issues": issues})


@router.post(
    "/{scenario_id}/publish", status_code=status.HTTP_201_CREATED, responses=problems(403, 404)
)
def publish(scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> VersionRead:
    """Freeze the draft as the next version and offer it to learners (422 while it has errors)."""
    version = publishing.publish(sessions=sessions, actor=actor, scenario_id=scenario_id)
    return VersionRead.model_validate(version)


@router.post(
    "/{scenario_id}/unpublish", responses={200: {"headers": _ETAG_HEADER}, **problems(403, 404)}
)
def unpublish(
    scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, response: Response
) -> ScenarioRead:
    """Stop offering it to learners; attempts under way can still be finished."""
    publishing.unpublish(sessions=sessions, actor=actor, scenario_id=scenario_id)
    read = scenarios.get_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id)
    _with_etag(response, read.summary.etag)
    return ScenarioRead.model_validate(read.summary)


@router.get("/{scenario_id}/versions", responses=problems(403, 404))
def list_versions(
    scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> list[VersionRead]:
    """Published versions, newest first."""
    found = publishing.list_versions(sessions=sessions, actor=actor, scenario_id=scenario_id)
    return [VersionRead.model_validate(v) for v in found]


_DIAGRAM_TYPES = {
    "mermaid": "text/vnd.mermaid; charset=utf-8",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "svg": "image/svg+xml",
}


@router.get(
    "/{scenario_id}/diagram",
    response_class=Response,
    responses={
        200: {
            "content": {
                t.split(";")[0]: {"schema": {"type": "string"}} for t in _DIAGRAM_TYPES.values()
            }
        },
        **problems(403, 404, 501),
    },
)
def diagram(
    scenario_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    diagram_format: Annotated[Literal["mermaid", "dot", "svg"], Query(alias="format")] = "mermaid",
) -> Response:
    """The flow as a Mermaid or Graphviz diagram: conditions on edges, correct choices marked."""
    body = publishing.render_diagram(
        sessions=sessions, actor=actor, scenario_id=scenario_id, diagram_format=diagram_format
    )
    return Response(content=body, media_type=_DIAGRAM_TYPES[diagram_format])
