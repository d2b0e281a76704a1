"""A scenario's content (draft or published version) read in one statement, as plain data.

Both the author's draft and a published version are the same shape: questions with their
choices and outgoing links. Reading one takes a single SQL statement whatever its size (the
rows are aggregated as JSON by PostgreSQL). Published versions never change, so the play path
keeps them in a small in-process cache.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from quizflow.db import models as orm
from quizflow.errors import NotFoundError
from quizflow.flow import model as flow
from quizflow.services.etags import question_etag


@dataclass(frozen=True, slots=True)
class ChoiceContent:
    id: uuid.UUID
    label: str
    body: str
    is_correct: bool
    feedback: str | None
    position: int


@dataclass(frozen=True, slots=True)
class LinkContent:
    id: uuid.UUID
    from_question_id: uuid.UUID
    to_question_id: uuid.UUID | None
    condition: str
    priority: int


@dataclass(frozen=True, slots=True)
class QuestionContent:
    id: uuid.UUID
    position: int
    prompt_html: str
    prompt_text: str
    is_multiple_choice: bool
    multi_select: bool
    explanation: str | None
    points: int
    origin_id: uuid.UUID | None
    choices: tuple[ChoiceContent, ...]
    links: tuple[LinkContent, ...]

    @property
    def etag(self) -> str:
        """The strong ETag of what a PUT of this question replaces."""
        return question_etag(
            prompt_html=self.prompt_html,
            is_multiple_choice=self.is_multiple_choice,
            multi_select=self.multi_select,
            explanation=self.explanation,
            points=self.points,
            choices=self.choices,
        )

    def choice_by_label(self) -> dict[str, ChoiceContent]:
        return {choice.label.upper(): choice for choice in self.choices}

    def as_flow_question(self) -> flow.Question:
        return flow.Question(
            id=str(self.id),
            is_multiple_choice=self.is_multiple_choice,
            multi_select=self.multi_select,
            points=self.points,
            choices=tuple(
                flow.Choice(id=str(c.id), label=c.label, is_correct=c.is_correct)
                for c in self.choices
            ),
        )


@dataclass(frozen=True, slots=True)
class ScenarioContent:
    """A draft (version_id None) or a published version, questions in display order."""

    scenario_id: uuid.UUID
    owner_id: uuid.UUID
    version_id: uuid.UUID | None
    version_number: int | None
    title: str
    context_html: str
    context_text: str
    first_question_id: uuid.UUID | None
    questions: tuple[QuestionContent, ...]
    _by_id: dict[uuid.UUID, QuestionContent] = field(init=False, repr=False, compare=False)
    _flow: flow.Flow = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})
        object.__setattr__(self, "_flow", self._build_flow())

    def _build_flow(self) -> flow.Flow:
        return flow.Flow(
            first_question_id=str(self.first_question_id) if self.first_question_id else None,
            questions=tuple(q.as_flow_question() for q in self.questions),
            links=tuple(
                flow.Link(
                    id=str(link.id),
                    from_question_id=str(link.from_question_id),
                    to_question_id=str(link.to_question_id) if link.to_question_id else None,
                    condition=link.condition,
                    priority=link.priority,
                )
                for q in self.questions
                for link in q.links
            ),
        )

    @property
    def flow(self) -> flow.Flow:
        """The pure flow model of this content."""
        return self._flow

    def question(self, question_id: uuid.UUID) -> QuestionContent:
        """The question with this id; raises NotFoundError."""
        try:
            return self._by_id[question_id]
        except KeyError:
            raise NotFoundError(f"question {question_id} is not part of this scenario") from None

    def has_question(self, question_id: uuid.UUID) -> bool:
        return question_id in self._by_id

    def number_of(self, question_id: uuid.UUID) -> int:
        """The 1-based display number of a question (Q1, Q2…)."""
        return self.questions.index(self._by_id[question_id]) + 1

    def titles(self) -> dict[str, str]:
        """Short display titles for diagrams and messages: `Q3: What is…`."""
        titles = {}
        for number, q in enumerate(self.questions, start=1):
            excerpt = q.prompt_text.strip().splitlines()[0] if q.prompt_text.strip() else ""
            if len(excerpt) > 60:
                excerpt = excerpt[:57] + "…"
            titles[str(q.id)] = f"Q{number}: {excerpt}" if excerpt else f"Q{number}"
        return titles


# One statement: the header row plus questions (each with its choices and links) as JSON.
_QUESTIONS_JSON = """
    SELECT coalesce(json_agg(json_build_object(
        'id', q.id, 'position', q.position, 'prompt_html', q.prompt_html,
        'prompt_text', q.prompt_text, 'is_multiple_choice', q.is_multiple_choice,
        'multi_select', q.multi_select, 'explanation', q.explanation, 'points', q.points,
        'origin_id', q.origin_id,
        'choices', (SELECT coalesce(json_agg(json_build_object(
                'id', c.id, 'label', c.label, 'body', c.body, 'is_correct', c.is_correct,
                'feedback', c.feedback, 'position', c.position)
                ORDER BY c.position, c.label), '[]') FROM choices c WHERE c.question_id = q.id),
        'links', (SELECT coalesce(json_agg(json_build_object(
                'id', l.id, 'from_question_id', l.from_question_id,
                'to_question_id', l.to_question_id, 'condition', l.condition,
                'priority', l.priority)
                ORDER BY l.priority, l.id), '[]') FROM question_links l
                WHERE l.from_question_id = q.id)
    ) ORDER BY q.position, q.created_at, q.id), '[]')
    FROM questions q WHERE q.scenario_id = {scenario} AND {version_filter}
"""
_DRAFT_SQL = text(
    "SELECT s.id, s.owner_id, NULL::uuid AS version_id, NULL::int AS number, s.title, "
    "s.context_html, s.context_text, s.first_question_id, ("
    + _QUESTIONS_JSON.format(scenario="s.id", version_filter="q.version_id IS NULL")
    + ") AS questions FROM scenarios s WHERE s.id = :id"
)
_VERSION_SQL = text(
    "SELECT v.scenario_id, s.owner_id, v.id, v.number, v.title, v.context_html, "
    "v.context_text, v.first_question_id, ("
    + _QUESTIONS_JSON.format(scenario="v.scenario_id", version_filter="q.version_id = v.id")
    + ") AS questions FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id "
    "WHERE v.id = :id"
)


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(str(value))


def _question(raw: dict[str, Any]) -> QuestionContent:
    return QuestionContent(
        id=uuid.UUID(raw["id"]),
        position=raw["position"],
        prompt_html=raw["prompt_html"],
        prompt_text=raw["prompt_text"],
        is_multiple_choice=raw["is_multiple_choice"],
        multi_select=raw["multi_select"],
        explanation=raw["explanation"],
        points=raw["points"],
        origin_id=_uuid(raw["origin_id"]),
        choices=tuple(
            ChoiceContent(
                id=uuid.UUID(c["id"]),
                label=c["label"],
                body=c["body"],
                is_correct=c["is_correct"],
                feedback=c["feedback"],
                position=c["position"],
            )
            for c in raw["choices"]
        ),
        links=tuple(
            LinkContent(
                id=uuid.UUID(link["id"]),
                from_question_id=uuid.UUID(link["from_question_id"]),
                to_question_id=_uuid(link["to_question_id"]),
                condition=link["condition"],
                priority=link["priority"],
            )
            for link in raw["links"]
        ),
    )


def _load(session: Session, statement: Any, key: uuid.UUID, what: str) -> ScenarioContent:
    row = session.execute(statement, {"id": key}).one_or_none()
    if row is None:
        raise NotFoundError(f"{what} {key} does not exist")
    questions = row.questions if isinstance(row.questions, list) else json.loads(row.questions)
    return ScenarioContent(
        scenario_id=row[0],
        owner_id=row.owner_id,
        version_id=row[2],
        version_number=row[3],
        title=row.title,
        context_html=row.context_html,
        context_text=row.context_text,
        first_question_id=row.first_question_id,
        questions=tuple(_question(q) for q in questions),
    )


def load_draft(session: Session, scenario_id: uuid.UUID) -> ScenarioContent:
    """The author's working copy; raises NotFoundError."""
    return _load(session, _DRAFT_SQL, scenario_id, "scenario")


class VersionCache:
    """Published versions by id. They are immutable, so entries never go stale."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[uuid.UUID, ScenarioContent] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, version_id: uuid.UUID) -> ScenarioContent:
        """The version's content, read from the database on first use; raises NotFoundError."""
        with self._lock:
            content = self._entries.get(version_id)
            if content is not None:
                self._entries.move_to_end(version_id)
                return content
        content = _load(session, _VERSION_SQL, version_id, "scenario version")
        with self._lock:
            self._entries[version_id] = content
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return content


versions = VersionCache()


def copy_questions(
    session: Session,
    content: ScenarioContent,
    *,
    scenario_id: uuid.UUID,
    version_id: uuid.UUID | None = None,
) -> dict[uuid.UUID, uuid.UUID]:
    """New rows for `content`'s questions, choices and links: a published version's (which
    remember the draft question each came from) or another draft's; returns id → copy's id."""
    copies = {q.id: uuid.uuid4() for q in content.questions}
    session.add_all(
        orm.Question(
            id=copies[q.id],
            scenario_id=scenario_id,
            version_id=version_id,
            origin_id=q.id if version_id is not None else None,
            prompt_html=q.prompt_html,
            prompt_text=q.prompt_text,
            is_multiple_choice=q.is_multiple_choice,
            multi_select=q.multi_select,
            explanation=q.explanation,
            points=q.points,
            position=q.position,
        )
        for q in content.questions
    )
    session.flush()  # the choices and links refer to the new questions
    session.add_all(
        orm.Choice(
            question_id=copies[q.id],
            label=c.label,
            body=c.body,
            is_correct=c.is_correct,
            feedback=c.feedback,
            position=c.position,
        )
        for q in content.questions
        for c in q.choices
    )
    session.add_all(
        orm.QuestionLink(
            from_question_id=copies[link.from_question_id],
            to_question_id=copies[link.to_question_id] if link.to_question_id else None,
            condition=link.condition,
            priority=link.priority,
        )
        for q in content.questions
        for link in q.links
    )
    return copies
