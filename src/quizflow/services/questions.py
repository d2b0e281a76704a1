"""Authoring questions: add (linked in order for you), replace, delete, reorder."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass, field
from string import ascii_uppercase

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.sanitize import html_to_text, sanitize_html
from quizflow.errors import InvalidInputError, NotFoundError
from quizflow.services import access
from quizflow.services.content import QuestionContent, load_draft
from quizflow.services.etags import matches, precondition_failed
from quizflow.services.scenarios import touch

_LABEL = re.compile(r"^[A-Za-z0-9]{1,8}$")
MAX_CHOICES = 26
MAX_POINTS = 1000


@dataclass(frozen=True, slots=True)
class ChoiceInput:
    body: str
    is_correct: bool = False
    label: str | None = None
    feedback: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionInput:
    prompt_html: str
    choices: tuple[ChoiceInput, ...] = ()
    is_multiple_choice: bool = True
    #: None: inferred, several correct choices make a multi-select question.
    multi_select: bool | None = None
    explanation: str | None = None
    points: int = 1


@dataclass(frozen=True, slots=True)
class CheckedChoice:
    label: str
    body: str
    is_correct: bool
    feedback: str | None


@dataclass(frozen=True, slots=True)
class CheckedQuestion:
    prompt_html: str
    prompt_text: str
    is_multiple_choice: bool
    multi_select: bool
    explanation: str | None
    points: int
    choices: tuple[CheckedChoice, ...] = field(default=())


def _optional_html(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = sanitize_html(value)
    return cleaned if html_to_text(cleaned) or "<img" in cleaned else None


def check_question(question: QuestionInput) -> CheckedQuestion:
    """Normalise and validate a question; raises InvalidInputError saying what to fix."""
    prompt_html = sanitize_html(question.prompt_html)
    prompt_text = html_to_text(prompt_html)
    if not prompt_text:
        raise InvalidInputError("the prompt is empty")
    if not 0 <= question.points <= MAX_POINTS:
        raise InvalidInputError(f"points must be between 0 and {MAX_POINTS}")
    explanation = _optional_html(question.explanation)
    if not question.is_multiple_choice:
        if question.choices:
            raise InvalidInputError("a free-text question has no choices")
        if question.multi_select:
            raise InvalidInputError("a free-text question cannot be multi-select")
        return CheckedQuestion(prompt_html, prompt_text, False, False, explanation, question.points)
    choices = _check_choices(question.choices)
    correct = sum(c.is_correct for c in choices)
    multi = correct > 1 if question.multi_select is None else question.multi_select
    if correct == 0:
        raise InvalidInputError("mark at least one choice as correct")
    if not multi and correct > 1:
        raise InvalidInputError(
            f"{correct} choices are marked correct but the question is single-answer; "
            "mark exactly one, or make it multi-select"
        )
    return CheckedQuestion(
        prompt_html, prompt_text, True, multi, explanation, question.points, choices
    )


def _check_choices(choices: tuple[ChoiceInput, ...]) -> tuple[CheckedChoice, ...]:
    if len(choices) < 2:
        raise InvalidInputError("a multiple-choice question needs at least two choices")
    if len(choices) > MAX_CHOICES:
        raise InvalidInputError(f"a question can have at most {MAX_CHOICES} choices")
    checked = []
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        label = (choice.label or ascii_uppercase[index]).strip().upper()
        if not _LABEL.match(label):
            raise InvalidInputError(f"choice label {choice.label!r} must be 1-8 letters or digits")
        if label in seen:
            raise InvalidInputError(f"two choices are labelled {label}")
        seen.add(label)
        body = sanitize_html(choice.body)
        if not html_to_text(body) and "<img" not in body:
            raise InvalidInputError(f"choice {label} is empty")
        checked.append(
            CheckedChoice(label, body, choice.is_correct, _optional_html(choice.feedback))
        )
    return tuple(checked)


def _write_choices(session: Session, question_id: uuid.UUID, checked: CheckedQuestion) -> None:
    session.add_all(
        orm.Choice(
            question_id=question_id,
            label=c.label,
            body=c.body,
            is_correct=c.is_correct,
            feedback=c.feedback,
            position=index,
        )
        for index, c in enumerate(checked.choices)
    )


def _draft_questions(session: Session, scenario_id: uuid.UUID) -> list[orm.Question]:
    return list(
        session.scalars(
            select(orm.Question)
            .where(orm.Question.scenario_id == scenario_id, orm.Question.version_id.is_(None))
            .order_by(orm.Question.position, orm.Question.created_at, orm.Question.id)
        )
    )


def add_question(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    question: QuestionInput,
    link_from_previous: bool = True,
) -> QuestionContent:
    """Append a question. If the previous last question leads nowhere yet, a `default` link
    from it to the new one is added (unless `link_from_previous` is False), so questions added
    in order play in order."""
    access.require_author(actor, "edit scenarios")  # who asks comes before what they sent
    checked = check_question(question)
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        question_id = append_question(
            session, scenario, checked, link_from_previous=link_from_previous
        )
        return load_draft(session, scenario_id).question(question_id)


def append_question(
    session: Session,
    scenario: orm.Scenario,
    checked: CheckedQuestion,
    *,
    link_from_previous: bool = True,
) -> uuid.UUID:
    """Append a checked question inside the caller's transaction (scenario row locked)."""
    existing = _draft_questions(session, scenario.id)
    row = orm.Question(
        scenario_id=scenario.id,
        prompt_html=checked.prompt_html,
        prompt_text=checked.prompt_text,
        is_multiple_choice=checked.is_multiple_choice,
        multi_select=checked.multi_select,
        explanation=checked.explanation,
        points=checked.points,
        position=(existing[-1].position + 1) if existing else 0,
    )
    session.add(row)
    session.flush()
    _write_choices(session, row.id, checked)
    if existing and link_from_previous:
        previous = existing[-1].id
        has_links = session.scalar(
            select(func.count()).where(orm.QuestionLink.from_question_id == previous)
        )
        if not has_links:
            session.add(orm.QuestionLink(from_question_id=previous, to_question_id=row.id))
    if scenario.first_question_id is None:
        scenario.first_question_id = row.id
    touch(scenario)
    session.flush()
    return row.id


def replace_question(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    question_id: uuid.UUID,
    question: QuestionInput,
    if_match: str | None = None,
) -> QuestionContent:
    """Replace a question's text, kind, points and choices; its links stay.

    With `if_match`, only if the question still has that etag; otherwise PreconditionFailedError
    carries the question as it is and nothing changes.
    """
    access.require_author(actor, "edit scenarios")  # who asks comes before what they sent
    checked = check_question(question)
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        row = _draft_question(session, scenario_id, question_id)
        if if_match is not None:
            existing = load_draft(session, scenario_id).question(question_id)
            if not matches(if_match, existing.etag):
                raise precondition_failed("question", existing.etag, existing)
        row.prompt_html = checked.prompt_html
        row.prompt_text = checked.prompt_text
        row.is_multiple_choice = checked.is_multiple_choice
        row.multi_select = checked.multi_select
        row.explanation = checked.explanation
        row.points = checked.points
        session.execute(delete(orm.Choice).where(orm.Choice.question_id == question_id))
        _write_choices(session, question_id, checked)
        touch(scenario)
        session.flush()
        return load_draft(session, scenario_id).question(question_id)


def _draft_question(
    session: Session, scenario_id: uuid.UUID, question_id: uuid.UUID
) -> orm.Question:
    row = session.get(orm.Question, question_id)
    if row is None or row.scenario_id != scenario_id or row.version_id is not None:
        raise NotFoundError(f"question {question_id} is not in this scenario")
    return row


def delete_question(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    question_id: uuid.UUID,
) -> None:
    """Delete a question without breaking the path through it.

    Links that led to it are re-pointed to where its `default` link went (so deleting Q2 of
    Q1 → Q2 → Q3 leaves Q1 → Q3); without a default link they are removed and validation will
    report the answers that now lead nowhere. Published versions are not affected.
    """
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        _draft_question(session, scenario_id, question_id)
        onward = session.scalar(
            select(orm.QuestionLink.to_question_id)
            .where(
                orm.QuestionLink.from_question_id == question_id,
                func.lower(func.trim(orm.QuestionLink.condition)) == "default",
                orm.QuestionLink.to_question_id != question_id,
            )
            .order_by(orm.QuestionLink.priority)
            .limit(1)
        )
        if onward is not None:
            session.execute(
                update(orm.QuestionLink)
                .where(
                    orm.QuestionLink.to_question_id == question_id,
                    orm.QuestionLink.from_question_id != question_id,
                )
                .values(to_question_id=onward)
            )
        if scenario.first_question_id == question_id:
            scenario.first_question_id = onward
            session.flush()
        session.execute(delete(orm.Question).where(orm.Question.id == question_id))
        touch(scenario)


def reorder_questions(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    question_ids: list[uuid.UUID],
) -> list[uuid.UUID]:
    """Set the display order. A purely linear scenario (a chain of `default` links in display
    order) is re-chained in the new order; a branching one keeps its links."""
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        content = load_draft(session, scenario_id)
        current = [q.id for q in content.questions]
        if sorted(current) != sorted(question_ids) or len(set(question_ids)) != len(question_ids):
            raise InvalidInputError(
                "question_ids must list every question of the scenario exactly once"
            )
        linear = _is_linear_chain(content.questions, content.first_question_id)
        for position, question_id in enumerate(question_ids):
            session.execute(
                update(orm.Question).where(orm.Question.id == question_id).values(position=position)
            )
        if linear:
            question_set = set(current)
            session.execute(
                delete(orm.QuestionLink).where(orm.QuestionLink.from_question_id.in_(question_set))
            )
            session.add_all(
                orm.QuestionLink(from_question_id=a, to_question_id=b)
                for a, b in itertools.pairwise(question_ids)
            )
            scenario.first_question_id = question_ids[0] if question_ids else None
        touch(scenario)
        return question_ids


def _is_linear_chain(questions: tuple[QuestionContent, ...], first: uuid.UUID | None) -> bool:
    if not questions or first != questions[0].id:
        return False
    for current, following in itertools.pairwise(questions):
        links = current.links
        if len(links) != 1 or links[0].condition.strip().lower() != "default":
            return False
        if links[0].to_question_id != following.id:
            return False
    last = questions[-1].links
    return not last or (len(last) == 1 and last[0].to_question_id is None)
