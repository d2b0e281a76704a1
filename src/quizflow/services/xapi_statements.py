"""xAPI 1.0.3 statements for what learners do: answers, and attempts started, completed, abandoned.

Built here without I/O; `xapi_outbox` queues them in the transaction of the change they report.
Decisions (docs/xapi.md):
- The actor is an account (homePage = QUIZFLOW_PUBLIC_URL, name = the quizflow user id), never
  an email: the LRS learns who is who only through quizflow, and an email change breaks nothing.
- Statements go only to the institution's own LRS, never to a learner, so an answer's activity
  carries its interaction definition in full: choices and correctResponsesPattern (what item
  analysis in the LRS needs). The learner-facing API still never reveals a correct answer.
- Each statement's id is a UUIDv5 of the answer or attempt id and the verb: queueing or
  delivering one twice can never make two statements.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizflow.services.content import LinkContent, QuestionContent, ScenarioContent

#: The namespace of quizflow's statement ids (a fixed, random UUID: never change it, or
#: statements already delivered would be sent again under new ids).
STATEMENT_NAMESPACE = uuid.UUID("9f1d0c3e-5b7a-4f0e-8d2a-6c1b3e4f5a60")

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
_VERB_NAMES = {
    ANSWERED: "answered",
    ATTEMPTED: "attempted",
    COMPLETED: "completed",
    ABANDONED: "abandoned",
}
_QUESTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
_ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"
_COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"


@dataclass(frozen=True, slots=True)
class XapiSource:
    """Who makes the statements: the instance's public URL, the root of every IRI."""

    public_url: str

    @property
    def base(self) -> str:
        return self.public_url.rstrip("/")

    def scenario_iri(self, scenario_id: uuid.UUID) -> str:
        return f"{self.base}/xapi/scenarios/{scenario_id}"

    def version_iri(self, scenario_id: uuid.UUID, number: int | None) -> str:
        return f"{self.scenario_iri(scenario_id)}/versions/{number or 0}"

    def question_iri(self, question_id: uuid.UUID) -> str:
        # A published question is a frozen copy with its own id: one IRI per question of a
        # version, never reused, so an LRS's item analysis never mixes two versions' wording.
        return f"{self.base}/xapi/questions/{question_id}"

    @property
    def link_extension(self) -> str:
        """The result extension holding the link an answer took and its condition."""
        return f"{self.base}/xapi/extensions/link-taken"


def statement_id(subject_id: uuid.UUID, verb: str) -> uuid.UUID:
    """The stable id of the statement `verb` makes about an answer or an attempt."""
    return uuid.uuid5(STATEMENT_NAMESPACE, f"{subject_id}/{verb}")


def answered(
    source: XapiSource,
    content: ScenarioContent,
    question: QuestionContent,
    *,
    answer_id: uuid.UUID,
    user_id: uuid.UUID,
    attempt_id: uuid.UUID,
    labels: list[str],
    text: str | None,
    is_correct: bool | None,
    score: int,
    link: LinkContent | None,
    at: datetime,
) -> dict[str, Any]:
    """The `answered` statement of one answer, with the link it took in an extension."""
    result: dict[str, Any] = {
        "response": "[,]".join(labels) if question.is_multiple_choice else (text or ""),
        "score": _score(score, question.points),
        "extensions": {
            source.link_extension: {
                "link_id": str(link.id) if link else None,
                "condition": link.condition if link else None,
                "next_question": (
                    source.question_iri(link.to_question_id)
                    if link and link.to_question_id
                    else None
                ),
            }
        },
    }
    if is_correct is not None:
        result["success"] = is_correct
    return _statement(
        source,
        statement_id(answer_id, ANSWERED),
        ANSWERED,
        user_id=user_id,
        activity=_question_activity(source, question),
        content=content,
        attempt_id=attempt_id,
        parent_is_version=True,
        result=result,
        at=at,
    )


def attempt_event(
    source: XapiSource,
    content: ScenarioContent,
    verb: str,
    *,
    attempt_id: uuid.UUID,
    user_id: uuid.UUID,
    score: int | None,
    at: datetime,
) -> dict[str, Any]:
    """An attempt's `attempted` (started), `completed` (with its score) or `abandoned`."""
    result: dict[str, Any] | None = None
    if verb == COMPLETED:
        result = {"completion": True, "score": _score(score or 0, _max_points(content))}
    elif verb == ABANDONED:
        result = {"completion": False, "score": {"raw": score or 0}}
    activity = {
        "objectType": "Activity",
        "id": source.version_iri(content.scenario_id, content.version_number),
        "definition": {
            "type": _ASSESSMENT_TYPE,
            "name": {"und": f"{content.title} (version {content.version_number or 0})"},
        },
    }
    return _statement(
        source,
        statement_id(attempt_id, verb),
        verb,
        user_id=user_id,
        activity=activity,
        content=content,
        attempt_id=attempt_id,
        parent_is_version=False,
        result=result,
        at=at,
    )


def _statement(
    source: XapiSource,
    id_: uuid.UUID,
    verb: str,
    *,
    user_id: uuid.UUID,
    activity: dict[str, Any],
    content: ScenarioContent,
    attempt_id: uuid.UUID,
    parent_is_version: bool,
    result: dict[str, Any] | None,
    at: datetime,
) -> dict[str, Any]:
    scenario = {
        "objectType": "Activity",
        "id": source.scenario_iri(content.scenario_id),
        "definition": {"type": _COURSE_TYPE, "name": {"und": content.title}},
    }
    version = {
        "objectType": "Activity",
        "id": source.version_iri(content.scenario_id, content.version_number),
    }
    activities: dict[str, Any] = {"grouping": [scenario]}
    if parent_is_version:
        activities["parent"] = [version]
    statement: dict[str, Any] = {
        "id": str(id_),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": source.base, "name": str(user_id)},
        },
        "verb": {"id": verb, "display": {"en-US": _VERB_NAMES[verb]}},
        "object": activity,
        "context": {
            "registration": str(attempt_id),
            "platform": "quizflow",
            "contextActivities": activities,
        },
        "timestamp": at.isoformat(),
    }
    if result is not None:
        statement["result"] = result
    return statement


def _question_activity(source: XapiSource, question: QuestionContent) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "type": _QUESTION_TYPE,
        "description": {"und": question.prompt_text},
    }
    if question.is_multiple_choice:
        correct = [c.label for c in question.choices if c.is_correct]
        definition |= {
            "interactionType": "choice",
            "choices": [{"id": c.label, "description": {"und": c.body}} for c in question.choices],
            "correctResponsesPattern": ["[,]".join(correct)] if correct else [],
        }
    else:
        definition["interactionType"] = "fill-in"
    return {
        "objectType": "Activity",
        "id": source.question_iri(question.id),
        "definition": definition,
    }


def _max_points(content: ScenarioContent) -> int:
    # Every question's points, though a path may visit fewer: the most any path could score.
    return sum(max(q.points, 0) for q in content.questions)


def _score(raw: int, maximum: int) -> dict[str, Any]:
    # xAPI wants min <= raw <= max and scaled in [-1, 1]: give max and scaled only when true.
    if maximum > 0 and 0 <= raw <= maximum:
        return {"raw": raw, "min": 0, "max": maximum, "scaled": round(raw / maximum, 4)}
    return {"raw": raw}
