"""Link conditions: the studio's condition builder parses text into a tree here."""

from __future__ import annotations

from fastapi import APIRouter

from quizflow.api.deps import ActorDep
from quizflow.api.routes import PROBLEM_DESCRIPTIONS, problem_with, problems
from quizflow.api.schemas.conditions import ConditionText, ParsedCondition
from quizflow.services import conditions

router = APIRouter(prefix="/conditions", tags=["authoring"])

_SYNTAX_ERROR = problem_with(
    422,
    PROBLEM_DESCRIPTIONS[422]
    + ". A condition that does not parse (`code` condition_syntax) carries `column` (1-based) "
    "and `expected` (what could have come there)",
    required=(),
    column={"type": "integer", "minimum": 1},
    expected={"type": "array", "items": {"type": "string"}},
)


@router.post("/parse", responses={**problems(403), 422: _SYNTAX_ERROR})
def parse_condition(body: ConditionText, actor: ActorDep) -> ParsedCondition:
    """A condition's normalised text and its tree (authors only; nothing is stored)."""
    text, tree = conditions.parse(actor=actor, text=body.condition)
    return ParsedCondition.model_validate({"condition": text, "tree": tree})
