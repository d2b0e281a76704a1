"""A link condition as text (what links store) and as a tree (what the studio edits)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from quizflow.api.schemas.common import WriteModel
from quizflow.flow.conditions import MAX_CONDITION_LENGTH

_LABEL = Field(description="A choice label, upper-case (A, B… or what the author set)")


class DefaultNode(BaseModel):
    """`default`: taken when no other link of the question matches; stands alone."""

    kind: Literal["default"]


class CorrectNode(BaseModel):
    """`correct`: the answer was graded right."""

    kind: Literal["correct"]


class IncorrectNode(BaseModel):
    """`incorrect`: the answer was graded wrong."""

    kind: Literal["incorrect"]


class AnswerIsNode(BaseModel):
    """`answer == A`: exactly this one label was chosen."""

    kind: Literal["answer_is"]
    label: str = _LABEL


class AnswerIsNotNode(BaseModel):
    """`answer != A`: a choice was made, and it is not exactly this label."""

    kind: Literal["answer_is_not"]
    label: str = _LABEL


class AnswerHasNode(BaseModel):
    """`answer has A`: this label is among the chosen ones."""

    kind: Literal["answer_has"]
    label: str = _LABEL


class AnswerInNode(BaseModel):
    """`answer in [A, B]`: at least one of these labels was chosen."""

    kind: Literal["answer_in"]
    labels: list[str] = Field(description="Sorted, upper-case")


class AnswerSetIsNode(BaseModel):
    """`answer == [A, C]`: the chosen labels are exactly these."""

    kind: Literal["answer_set_is"]
    labels: list[str] = Field(description="Sorted, upper-case")


class ScoreNode(BaseModel):
    """`score >= 3`: the attempt's running score, this answer included."""

    kind: Literal["score"]
    op: Literal[">=", ">", "<=", "<", "==", "!="]
    value: int


class TextContainsNode(BaseModel):
    """`text contains "word"`: the written answer contains it, ignoring case."""

    kind: Literal["text_contains"]
    text: str


class TextMatchesNode(BaseModel):
    """`text matches "re"`: an RE2 search of the written answer, ignoring case."""

    kind: Literal["text_matches"]
    pattern: str


class NotNode(BaseModel):
    """`not X`."""

    kind: Literal["not"]
    operand: ConditionTree


class AndNode(BaseModel):
    """`X and Y and …`: a chain of `and` is one node."""

    kind: Literal["and"]
    operands: list[ConditionTree] = Field(min_length=2)


class OrNode(BaseModel):
    """`X or Y or …`: a chain of `or` is one node."""

    kind: Literal["or"]
    operands: list[ConditionTree] = Field(min_length=2)


ConditionTree = Annotated[
    DefaultNode | CorrectNode | IncorrectNode | AnswerIsNode | AnswerIsNotNode | AnswerHasNode
    | AnswerInNode | AnswerSetIsNode | ScoreNode | TextContainsNode | TextMatchesNode | NotNode
    | AndNode | OrNode,
    Field(discriminator="kind"),
]  # fmt: skip
NotNode.model_rebuild()
AndNode.model_rebuild()
OrNode.model_rebuild()


class ConditionText(WriteModel):
    condition: str = Field(
        max_length=MAX_CONDITION_LENGTH,
        description="A condition in the language of flow/conditions.lark, e.g. `score >= 3`",
    )


class ParsedCondition(BaseModel):
    condition: str = Field(description="The normalised text, as a link would store it")
    tree: ConditionTree
