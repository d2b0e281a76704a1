"""Bodies of the authoring endpoints. These carry correct answers: authors only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from quizflow.api.schemas.classes import GrantRead
from quizflow.api.schemas.common import HAS_LETTER, ReadModel, WriteModel
from quizflow.api.schemas.play import QuestionForLearner

Html = str
_TITLE = "At least one letter or digit; control characters are dropped."
_CORRECT: JsonDict = {"properties": {"is_correct": {"const": True}}, "required": ["is_correct"]}
# What check_question (services/questions.py) enforces, said in the schema: a multiple-choice
# question has 2-26 choices, one of them correct, and only one when it is not multi-select; a
# free-text question has no choices and is never multi-select.
_FREE_TEXT: JsonDict = {
    "properties": {"is_multiple_choice": {"const": False}},
    "required": ["is_multiple_choice"],
}
_SINGLE: JsonDict = {"properties": {"multi_select": {"const": False}}, "required": ["multi_select"]}
_QUESTION_RULES: JsonDict = {
    "allOf": [
        {
            "if": _FREE_TEXT,
            "then": {"properties": {"choices": {"maxItems": 0},
                                    "multi_select": {"not": {"const": True}}}},
            "else": {"properties": {"choices": {"minItems": 2, "contains": _CORRECT}},
                     "required": ["choices"]},
        },
        {"if": _SINGLE, "then": {"properties": {"choices": {"maxContains": 1}}}},
    ]
}  # fmt: skip


class ScenarioCreate(WriteModel):
    title: str = Field(min_length=1, max_length=300, pattern=HAS_LETTER, description=_TITLE)
    context_html: Html = Field(default="", max_length=200_000)


class ScenarioUpdate(WriteModel):
    title: str | None = Field(
        default=None, min_length=1, max_length=300, pattern=HAS_LETTER, description=_TITLE
    )
    context_html: Html | None = Field(default=None, max_length=200_000)
    first_question_id: uuid.UUID | None = None


class ScenarioRead(ReadModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    title: str
    context_html: str
    context_text: str
    status: Literal["draft", "published"]
    first_question_id: uuid.UUID | None
    latest_version: int | None
    question_count: int
    learner_count: int = Field(
        description="Distinct learners who have started an attempt on any published version"
    )
    created_at: datetime
    updated_at: datetime
    etag: str = Field(
        description="A strong ETag (quoted) of the title, context and first question: "
        "send it as If-Match with PATCH to refuse overwriting someone else's edit"
    )
    audience: Literal["everyone", "classes", "link"] = Field(
        description="Who may play it once published: every learner, its classes, link holders"
    )
    grants: list[GrantRead] = Field(description="Other authors' rights on this scenario")


class ChoiceWrite(WriteModel):
    label: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9]{1,8}$", description="A, B… when omitted"
    )
    body: Html = Field(min_length=1, max_length=20_000, pattern=HAS_LETTER)
    is_correct: bool = False
    feedback: Html | None = Field(default=None, max_length=20_000)


class QuestionWrite(WriteModel):
    model_config = ConfigDict(json_schema_extra=_QUESTION_RULES)

    prompt_html: Html = Field(min_length=1, max_length=100_000, pattern=HAS_LETTER)
    is_multiple_choice: bool = True
    multi_select: bool | None = Field(
        default=None, description="Omitted: true when several choices are correct."
    )
    explanation: Html | None = Field(default=None, max_length=100_000)
    points: int = Field(default=1, ge=0, le=1000)
    choices: list[ChoiceWrite] = Field(default_factory=list, max_length=26)


class ChoiceRead(ReadModel):
    id: uuid.UUID
    label: str
    body: str
    is_correct: bool
    feedback: str | None


class LinkRead(ReadModel):
    id: uuid.UUID
    from_question_id: uuid.UUID
    to_question_id: uuid.UUID | None
    condition: str
    priority: int


class QuestionRead(ReadModel):
    id: uuid.UUID
    position: int
    prompt_html: str
    prompt_text: str
    is_multiple_choice: bool
    multi_select: bool
    explanation: str | None
    points: int
    choices: list[ChoiceRead]
    links: list[LinkRead]
    etag: str = Field(
        description="A strong ETag (quoted) of the text, kind, points and choices: send it as "
        "If-Match with PUT to refuse overwriting someone else's edit"
    )


class ScenarioDetail(ScenarioRead):
    questions: list[QuestionRead]


class QuestionOrder(WriteModel):
    question_ids: list[uuid.UUID] = Field(max_length=5000, json_schema_extra={"uniqueItems": True})


class LinkCreate(WriteModel):
    from_question_id: uuid.UUID
    to_question_id: uuid.UUID | None = Field(description="null ends the scenario")
    condition: str = Field(default="default", min_length=1, max_length=2000)
    priority: int | None = Field(default=None, ge=0, le=1_000_000)


class LinkUpdate(WriteModel):
    to_question_id: uuid.UUID | None = None
    condition: str | None = Field(default=None, min_length=1, max_length=2000)
    priority: int | None = Field(default=None, ge=0, le=1_000_000)


class IssueRead(ReadModel):
    severity: Literal["error", "warning"]
    code: str
    message: str
    question_id: str | None
    link_id: str | None


class ValidationRead(ReadModel):
    publishable: bool
    issues: list[IssueRead]


class VersionRead(ReadModel):
    id: uuid.UUID
    scenario_id: uuid.UUID
    number: int
    title: str
    published_at: datetime
    question_count: int


class PreviewAnswerWrite(WriteModel):
    question_id: uuid.UUID = Field(description="The question current at this point")
    choice_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=26, description="The chosen choices' ids (a choice question)"
    )
    text: str | None = Field(default=None, max_length=20_000, description="A written answer")


class PreviewRequest(WriteModel):
    start_question_id: uuid.UUID | None = Field(
        default=None, description="Where to start; null: the scenario's first question"
    )
    answers: list[PreviewAnswerWrite] = Field(
        default_factory=list, max_length=1000, description="Every answer so far, in order"
    )


class ChoiceFeedbackRead(ReadModel):
    choice_id: uuid.UUID
    feedback: str | None


class PreviewStepRead(ReadModel):
    question_id: uuid.UUID
    is_correct: bool | None = Field(description="null for a written answer (not auto-graded)")
    points_awarded: int
    feedback: list[ChoiceFeedbackRead] = Field(description="The chosen choices' feedback")
    explanation: str | None
    next_question_id: uuid.UUID | None = Field(description="null: the scenario ends here")


class PreviewRead(ReadModel):
    question: QuestionForLearner | None = Field(
        description="The current question, as a learner sees it; null when finished"
    )
    results: list[PreviewStepRead] = Field(description="One per answer, in order")
    score: int
    max_score: int = Field(description="The points of the auto-graded questions on the path")
    path: list[uuid.UUID] = Field(
        description="The questions answered, in order, then the current one"
    )
    finished: bool
