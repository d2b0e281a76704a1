"""Results for authors: learners' attempts per scenario or class, and one attempt's path.

Who may read: a scenario's owner, admins and co-authors granted results or edit on it; a
class's owner, admins and its co-authors (services/access.py). Lists are paginated and
sorted in PostgreSQL, on `user_progress (scenario_id, started_at)`; the CSV streams of the
same attempts (services/results_csv.py) reuse the statements built here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, any_, case, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import NotFoundError
from quizflow.services import access

Sort = Literal["started_at", "-started_at", "score", "-score", "time_taken"]
Status = Literal["in_progress", "completed", "abandoned"]
#: A statement of rows whose columns the callers read by name.
Rows = Select[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class AttemptFilter:
    """What narrows a list of attempts; None means no narrowing."""

    class_id: uuid.UUID | None = None
    scenario_id: uuid.UUID | None = None
    version: int | None = None
    status: Status | None = None
    learner: str | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class Learner:
    id: uuid.UUID
    email: str
    name: str


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    attempt_id: uuid.UUID
    scenario_id: uuid.UUID
    learner: Learner
    version: int
    version_id: uuid.UUID
    status: str
    score: int
    max_score: int
    started_at: datetime
    finished_at: datetime | None
    time_taken_s: float | None
    answer_count: int
    class_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AttemptPage:
    total: int
    items: list[AttemptSummary]


@dataclass(frozen=True, slots=True)
class StepChoice:
    id: uuid.UUID
    label: str
    body_text: str


@dataclass(frozen=True, slots=True)
class Step:
    position: int
    question_id: uuid.UUID
    question_position: int
    prompt_text: str
    answered_at: datetime
    seconds: float
    choices: list[StepChoice]
    free_text: str | None
    is_correct: bool | None
    score: int
    score_after: int
    link_id: uuid.UUID | None
    link_condition: str | None
    next_question_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class AttemptDetail:
    attempt: AttemptSummary
    scenario_title: str
    path: list[Step]


UP = orm.UserProgress
# When an attempt ended: completion, or the abandoning (which is the row's last update).
FINISHED_AT = case(
    (UP.status == orm.ProgressStatus.COMPLETED, UP.completed_at),
    (UP.status == orm.ProgressStatus.ABANDONED, UP.updated_at),
    else_=None,
)
TIME_TAKEN = func.extract("epoch", FINISHED_AT - UP.started_at)
ANSWER_COUNT = (
    select(func.count()).where(orm.Answer.progress_id == UP.id).correlate(UP).scalar_subquery()
)


def _scope_for_scenario(
    session: Session, actor: Principal, scenario_id: uuid.UUID
) -> ColumnElement[bool]:
    access.require_author(actor, "read results")
    if not access.may_read_results(session, actor, scenario_id):
        raise NotFoundError(f"scenario {scenario_id} does not exist")
    return UP.scenario_id == scenario_id


def _scope_for_class(
    session: Session, actor: Principal, class_id: uuid.UUID
) -> ColumnElement[bool]:
    access.authored_class(session, actor, class_id, need="results")
    members = select(orm.ClassMember.user_id).where(orm.ClassMember.class_id == class_id)
    assigned = select(orm.ClassAssignment.scenario_id).where(
        orm.ClassAssignment.class_id == class_id
    )
    # `= ANY(ARRAY(…))`, not IN: the members and the scenarios become two arrays, and the
    # attempts are looked up by the index on user_progress.user_id. As IN, a class of
    # thousands was hashed against every attempt of the instance (B5: a Seq Scan, growing
    # with the table).
    return and_(
        UP.user_id == any_(func.array(members.scalar_subquery())),
        UP.scenario_id == any_(func.array(assigned.scalar_subquery())),
    )


def _where(scope: ColumnElement[bool], wanted: AttemptFilter) -> list[ColumnElement[bool]]:
    # Only the filters given become clauses, so each combination gets a plan of its own.
    clauses = [scope]
    if wanted.class_id is not None:
        clauses.append(
            UP.user_id.in_(
                select(orm.ClassMember.user_id).where(orm.ClassMember.class_id == wanted.class_id)
            )
        )
    if wanted.scenario_id is not None:
        clauses.append(UP.scenario_id == wanted.scenario_id)
    if wanted.version is not None:
        # By id, not through the join: the planner then reaches user_progress (version_id).
        numbered = select(orm.ScenarioVersion.id).where(
            orm.ScenarioVersion.number == wanted.version
        )
        clauses.append(UP.version_id.in_(numbered))
    if wanted.status is not None:
        clauses.append(UP.status == orm.ProgressStatus(wanted.status))
    if wanted.learner:
        pattern = (
            "%" + wanted.learner.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        )
        clauses.append(or_(orm.User.email.ilike(pattern), orm.User.display_name.ilike(pattern)))
    if wanted.started_from is not None:
        clauses.append(UP.started_at >= wanted.started_from)
    if wanted.started_to is not None:
        clauses.append(UP.started_at < wanted.started_to)
    return clauses


def _order(sort: Sort) -> list[Any]:
    orders: dict[str, list[Any]] = {
        "started_at": [UP.started_at.asc(), UP.id.asc()],
        "-started_at": [UP.started_at.desc(), UP.id.desc()],
        "score": [UP.score.asc(), UP.started_at.desc(), UP.id.desc()],
        "-score": [UP.score.desc(), UP.started_at.desc(), UP.id.desc()],
        "time_taken": [TIME_TAKEN.asc().nulls_last(), UP.id.asc()],
    }
    return orders[sort]


def attempts_statement(scope: ColumnElement[bool], wanted: AttemptFilter) -> Rows:
    """The attempts in scope with the filters applied, unsorted and unpaginated."""
    return (
        select(
            UP.id,
            UP.scenario_id,
            UP.user_id,
            orm.User.email,
            orm.User.display_name,
            orm.ScenarioVersion.number,
            UP.version_id,
            UP.status,
            UP.score,
            UP.started_at,
            FINISHED_AT.label("finished_at"),
            TIME_TAKEN.label("time_taken"),
            ANSWER_COUNT.label("answer_count"),
        )
        .join(orm.User, orm.User.id == UP.user_id)
        .join(orm.ScenarioVersion, orm.ScenarioVersion.id == UP.version_id)
        .where(*_where(scope, wanted))
    )


def count_statement(scope: ColumnElement[bool], wanted: AttemptFilter) -> Rows:
    """How many attempts `attempts_statement` gives, joining only what the filters need (an
    index-only count on a scenario's attempts otherwise)."""
    count: Rows = select(func.count()).select_from(UP)
    if wanted.learner:
        count = count.join(orm.User, orm.User.id == UP.user_id)
    return count.where(*_where(scope, wanted))


def max_scores(session: Session, version_ids: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Each version's best possible score: its auto-graded questions' points."""
    if not version_ids:
        return {}
    rows = session.execute(
        select(orm.Question.version_id, func.coalesce(func.sum(orm.Question.points), 0))
        .where(
            orm.Question.version_id.in_(version_ids),
            orm.Question.is_multiple_choice,
            orm.Question.points > 0,
        )
        .group_by(orm.Question.version_id)
    ).all()
    found: dict[uuid.UUID, int] = {v: 0 for v in version_ids}
    found.update({v: int(total) for v, total in rows if v is not None})
    return found


def summary_of(row: Any, max_score: int, class_ids: list[uuid.UUID]) -> AttemptSummary:
    return AttemptSummary(
        attempt_id=row.id,
        scenario_id=row.scenario_id,
        learner=Learner(id=row.user_id, email=row.email, name=row.display_name),
        version=row.number,
        version_id=row.version_id,
        status=row.status.value,
        score=row.score,
        max_score=max_score,
        started_at=row.started_at,
        finished_at=row.finished_at,
        time_taken_s=None if row.time_taken is None else float(row.time_taken),
        answer_count=row.answer_count,
        class_ids=class_ids,
    )


def _class_ids(
    session: Session, actor: Principal, rows: list[Any]
) -> dict[tuple[uuid.UUID, uuid.UUID], list[uuid.UUID]]:
    """Per (learner, scenario): the caller's visible classes that hold both."""
    if not rows:
        return {}
    found = session.execute(
        select(orm.ClassMember.user_id, orm.ClassAssignment.scenario_id, orm.Class.id)
        .join(orm.ClassAssignment, orm.ClassAssignment.class_id == orm.ClassMember.class_id)
        .join(orm.Class, orm.Class.id == orm.ClassMember.class_id)
        .where(
            orm.ClassMember.user_id.in_({r.user_id for r in rows}),
            orm.ClassAssignment.scenario_id.in_({r.scenario_id for r in rows}),
            access.visible_classes_clause(actor),
        )
        .order_by(orm.Class.id)
    ).all()
    by: dict[tuple[uuid.UUID, uuid.UUID], list[uuid.UUID]] = {}
    for user_id, scenario_id, class_id in found:
        by.setdefault((user_id, scenario_id), []).append(class_id)
    return by


def _page(
    session: Session,
    actor: Principal,
    scope: ColumnElement[bool],
    wanted: AttemptFilter,
    sort: Sort,
    limit: int,
    offset: int,
) -> AttemptPage:
    statement = attempts_statement(scope, wanted)
    total = session.scalar(count_statement(scope, wanted)) or 0
    rows = list(session.execute(statement.order_by(*_order(sort)).limit(limit).offset(offset)))
    tops = max_scores(session, {r.version_id for r in rows})
    classes = _class_ids(session, actor, rows)
    items = [
        summary_of(r, tops[r.version_id], classes.get((r.user_id, r.scenario_id), [])) for r in rows
    ]
    return AttemptPage(total=total, items=items)


def scenario_attempts(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    wanted: AttemptFilter = AttemptFilter(),
    sort: Sort = "-started_at",
    limit: int = 50,
    offset: int = 0,
) -> AttemptPage:
    """One page of a scenario's attempts. Raises ForbiddenError for learners, NotFoundError
    when the caller may not read the scenario's results."""
    with sessions() as session:
        scope = _scope_for_scenario(session, actor, scenario_id)
        return _page(session, actor, scope, wanted, sort, limit, offset)


def class_attempts(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    class_id: uuid.UUID,
    wanted: AttemptFilter = AttemptFilter(),
    sort: Sort = "-started_at",
    limit: int = 50,
    offset: int = 0,
) -> AttemptPage:
    """One page of the class's members' attempts at its assigned scenarios. Raises like
    `access.authored_class`."""
    with sessions() as session:
        scope = _scope_for_class(session, actor, class_id)
        return _page(session, actor, scope, wanted, sort, limit, offset)


def scope_of(
    session: Session, actor: Principal, *, scenario_id: uuid.UUID | None, class_id: uuid.UUID | None
) -> ColumnElement[bool]:
    """The attempts a scenario's or a class's results cover, checking the caller may read them."""
    if scenario_id is not None:
        return _scope_for_scenario(session, actor, scenario_id)
    assert class_id is not None
    return _scope_for_class(session, actor, class_id)


def path_statement(progress_ids: Rows | list[uuid.UUID]) -> Rows:
    """Answers of the given attempts in the order given, with position and seconds spent."""
    order = (orm.Answer.created_at, orm.Answer.id)
    previous = func.lag(orm.Answer.created_at).over(
        partition_by=orm.Answer.progress_id, order_by=order
    )
    labels = (
        select(
            func.string_agg(
                orm.Choice.label, aggregate_order_by(literal_column("';'"), orm.Choice.label)
            )
        )
        .join(orm.t_answer_choices, orm.t_answer_choices.c.choice_id == orm.Choice.id)
        .where(orm.t_answer_choices.c.answer_id == orm.Answer.id)
        .correlate(orm.Answer)
        .scalar_subquery()
    )
    return (
        select(
            orm.Answer.id,
            orm.Answer.progress_id,
            func.row_number()
            .over(partition_by=orm.Answer.progress_id, order_by=order)
            .label("position"),
            orm.Answer.question_id,
            (orm.Question.position + 1).label("question_position"),
            orm.Question.prompt_text,
            orm.Answer.created_at,
            func.extract(
                "epoch", orm.Answer.created_at - func.coalesce(previous, UP.started_at)
            ).label("seconds"),
            labels.label("labels"),
            orm.Answer.free_text,
            orm.Answer.is_correct,
            orm.Answer.score,
            orm.Answer.score_after,
            orm.Answer.link_id,
            orm.Answer.link_condition,
            orm.Answer.next_question_id,
        )
        .join(UP, UP.id == orm.Answer.progress_id)
        .join(orm.Question, orm.Question.id == orm.Answer.question_id)
        .where(orm.Answer.progress_id.in_(progress_ids))
    )


def attempt_detail(
    *, sessions: sessionmaker[Session], actor: Principal, attempt_id: uuid.UUID
) -> AttemptDetail:
    """One attempt with its path answer by answer. Raises NotFoundError unless the caller is
    its learner, an admin or an author with results rights on its scenario."""
    with sessions() as session:
        access.own_attempt(session, actor, attempt_id, write=False)
        row = session.execute(attempts_statement(UP.id == attempt_id, AttemptFilter())).one()
        tops = max_scores(session, {row.version_id})
        classes = _class_ids(session, actor, [row]) if actor.is_author else {}
        summary = summary_of(
            row, tops[row.version_id], classes.get((row.user_id, row.scenario_id), [])
        )
        title = session.scalar(
            select(orm.ScenarioVersion.title).where(orm.ScenarioVersion.id == row.version_id)
        )
        answers = session.execute(
            path_statement([attempt_id]).order_by(orm.Answer.created_at, orm.Answer.id)
        ).all()
        picked = _choices(session, [a.id for a in answers])
        path = [
            Step(
                position=a.position,
                question_id=a.question_id,
                question_position=a.question_position,
                prompt_text=a.prompt_text,
                answered_at=a.created_at,
                seconds=float(a.seconds),
                choices=picked.get(a.id, []),
                free_text=a.free_text,
                is_correct=a.is_correct,
                score=a.score,
                score_after=a.score_after,
                link_id=a.link_id,
                link_condition=a.link_condition,
                next_question_id=a.next_question_id,
            )
            for a in answers
        ]
        return AttemptDetail(attempt=summary, scenario_title=title or "", path=path)


def _choices(session: Session, answer_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[StepChoice]]:
    from quizflow.documents.sanitize import html_to_text

    if not answer_ids:
        return {}
    rows = session.execute(
        select(orm.t_answer_choices.c.answer_id, orm.Choice.id, orm.Choice.label, orm.Choice.body)
        .join(orm.Choice, orm.Choice.id == orm.t_answer_choices.c.choice_id)
        .where(orm.t_answer_choices.c.answer_id.in_(answer_ids))
        .order_by(orm.Choice.position)
    ).all()
    by: dict[uuid.UUID, list[StepChoice]] = {}
    for answer_id, choice_id, label, body in rows:
        by.setdefault(answer_id, []).append(
            StepChoice(id=choice_id, label=label, body_text=html_to_text(body))
        )
    return by
