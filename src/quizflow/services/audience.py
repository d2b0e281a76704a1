"""Who may play a published scenario, and the learner's catalogue.

A scenario's audience is `everyone` (every learner of the instance), `classes` (learners of
the classes it is assigned to, once the assignment is open) or `link` (whoever opened its share
link). Whatever the audience, an open assignment to one of the learner's classes lets them
play it, and its owner, co-authors and admins may always play it.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ForbiddenError, InvalidInputError, NotFoundError
from quizflow.services import access
from quizflow.services.scenarios import ScenarioSummary, _summaries

AUDIENCES = tuple(a.value for a in orm.ScenarioAudience)


@dataclass(frozen=True, slots=True)
class AssignedClass:
    class_id: uuid.UUID
    title: str
    open_at: datetime | None
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class Audience:
    scenario_id: uuid.UUID
    audience: str
    share_token: str | None
    share_url: str | None
    #: The classes it is assigned to, of those the caller may see (with `classes`, its players).
    classes: tuple[AssignedClass, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassDue:
    class_id: uuid.UUID
    class_title: str
    open_at: datetime | None
    due_at: datetime | None
    is_open: bool


@dataclass(frozen=True, slots=True)
class CatalogItem:
    scenario: ScenarioSummary
    classes: tuple[ClassDue, ...]
    #: False while every way in is an assignment that has not opened yet.
    can_start: bool


def _share_url(public_url: str, token: str | None) -> str | None:
    return None if token is None else f"{public_url.rstrip('/')}/app/shared#token={token}"


def _audience(session: Session, actor: Principal, public_url: str, s: orm.Scenario) -> Audience:
    assigned = session.execute(
        select(orm.ClassAssignment, orm.Class.title)
        .join(orm.Class, orm.Class.id == orm.ClassAssignment.class_id)
        .where(orm.ClassAssignment.scenario_id == s.id, access.visible_classes_clause(actor))
        .order_by(orm.Class.title, orm.Class.id)
    ).all()
    return Audience(
        s.id,
        s.audience.value,
        s.share_token,
        _share_url(public_url, s.share_token),
        tuple(AssignedClass(a.class_id, title, a.open_at, a.due_at) for a, title in assigned),
    )


def get_audience(
    *, sessions: sessionmaker[Session], actor: Principal, public_url: str, scenario_id: uuid.UUID
) -> Audience:
    with sessions() as session:
        return _audience(
            session, actor, public_url, access.authored_scenario(session, actor, scenario_id)
        )


def set_audience(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    public_url: str,
    scenario_id: uuid.UUID,
    audience: str,
    new_link: bool = False,
) -> Audience:
    """Set who may play it. `link` makes a share token if there is none (or a new one with
    `new_link`, which stops the old link from adding the scenario to anyone's catalogue)."""
    if audience not in AUDIENCES:
        raise InvalidInputError(f"audience must be one of {', '.join(AUDIENCES)}")
    with sessions.begin() as session:
        s = access.authored_scenario(session, actor, scenario_id, lock=True)
        s.audience = orm.ScenarioAudience(audience)
        if audience == "link" and (s.share_token is None or new_link):
            s.share_token = secrets.token_urlsafe(24)
        session.flush()
        return _audience(session, actor, public_url, s)


def open_share_link(
    *, sessions: sessionmaker[Session], actor: Principal, token: str
) -> ScenarioSummary:
    """The scenario behind a share link, added to the actor's catalogue."""
    with sessions.begin() as session:
        access.require_account(session, actor)
        s = session.scalars(
            select(orm.Scenario).where(
                orm.Scenario.share_token == token,
                orm.Scenario.audience == orm.ScenarioAudience.LINK,
                orm.Scenario.status == orm.ScenarioStatus.PUBLISHED,
            )
        ).one_or_none()
        if s is None:
            raise NotFoundError("this link does not open any scenario (changed or unpublished)")
        session.execute(
            insert(orm.ScenarioShare)
            .values(scenario_id=s.id, user_id=actor.user_id)
            .on_conflict_do_nothing()
        )
        return _summaries(session, [s])[0]


def _assignments(
    session: Session, actor: Principal, scenario_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, ClassDue]]:
    now = datetime.now(UTC)
    query = (
        select(orm.ClassAssignment, orm.Class.title)
        .join(orm.Class, orm.Class.id == orm.ClassAssignment.class_id)
        .join(orm.ClassMember, orm.ClassMember.class_id == orm.Class.id)
        .where(orm.ClassMember.user_id == actor.user_id)
        .order_by(orm.Class.title, orm.ClassAssignment.due_at.nulls_last())
    )
    if scenario_id is not None:
        query = query.where(orm.ClassAssignment.scenario_id == scenario_id)
    return [
        (
            a.scenario_id,
            ClassDue(a.class_id, title, a.open_at, a.due_at, a.open_at is None or a.open_at <= now),
        )
        for a, title in session.execute(query).all()
    ]


def _authored_ids(session: Session, actor: Principal) -> set[uuid.UUID]:
    if not actor.is_author:
        return set()
    return set(
        session.scalars(select(orm.Scenario.id).where(access.visible_scenarios_clause(actor)))
    )


def list_catalog(*, sessions: sessionmaker[Session], actor: Principal) -> list[CatalogItem]:
    """The published scenarios the actor may see, by title, each with its classes' dates."""
    with sessions() as session:
        assigned: dict[uuid.UUID, list[ClassDue]] = {}
        for scenario_id, due in _assignments(session, actor):
            assigned.setdefault(scenario_id, []).append(due)
        shared = exists().where(
            orm.ScenarioShare.scenario_id == orm.Scenario.id,
            orm.ScenarioShare.user_id == actor.user_id,
        )
        visible = [
            orm.Scenario.audience == orm.ScenarioAudience.EVERYONE,
            orm.Scenario.id.in_(list(assigned)),
            (orm.Scenario.audience == orm.ScenarioAudience.LINK) & shared,
        ]
        if actor.is_author:
            visible.append(access.visible_scenarios_clause(actor))
        rows = list(
            session.scalars(
                select(orm.Scenario)
                .where(orm.Scenario.status == orm.ScenarioStatus.PUBLISHED, or_(*visible))
                .order_by(orm.Scenario.title, orm.Scenario.id)
            )
        )
        authored = _authored_ids(session, actor)
        shared_ids = set(
            session.scalars(
                select(orm.ScenarioShare.scenario_id).where(
                    orm.ScenarioShare.user_id == actor.user_id
                )
            )
        )
        items = []
        for summary, row in zip(_summaries(session, rows), rows, strict=True):
            dues = tuple(assigned.get(row.id, ()))
            open_without_class = (
                row.audience is orm.ScenarioAudience.EVERYONE
                or (row.audience is orm.ScenarioAudience.LINK and row.id in shared_ids)
                or row.id in authored
            )
            items.append(
                CatalogItem(summary, dues, open_without_class or any(d.is_open for d in dues))
            )
        return items


def check_may_start(
    session: Session, actor: Principal, scenario_id: uuid.UUID, audience: orm.ScenarioAudience
) -> None:
    """Raise unless the actor may start an attempt on this published scenario: NotFoundError
    when it is not theirs to see, ForbiddenError when their class's assignment is not open yet."""
    if audience is orm.ScenarioAudience.EVERYONE or actor.is_admin:
        return
    dues = [due for _, due in _assignments(session, actor, scenario_id)]
    if any(d.is_open for d in dues):
        return
    if audience is orm.ScenarioAudience.LINK and session.scalar(
        select(
            exists().where(
                orm.ScenarioShare.scenario_id == scenario_id,
                orm.ScenarioShare.user_id == actor.user_id,
            )
        )
    ):
        return
    if actor.is_author and scenario_id in _authored_ids(session, actor):
        return
    if dues:
        first = min(d.open_at for d in dues if d.open_at is not None)
        raise ForbiddenError(f"this scenario opens for your class at {first.isoformat()}")
    raise NotFoundError(f"scenario {scenario_id} does not exist or is not published")
