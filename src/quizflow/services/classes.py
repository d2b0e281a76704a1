"""Classes: an author's group of learners, how learners join, and what is assigned to them.

A learner joins with the class's join code (typed, or carried by the invitation link) or is
added by an author, in bulk from a list of emails. Adding is one transaction: a list with a
bad address adds nobody.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ConflictError, InvalidInputError, NotFoundError
from quizflow.services import access
from quizflow.services.account_links import invitation_in
from quizflow.services.grants import GrantView, class_grants
from quizflow.services.scenarios import clean_title
from quizflow.services.users import normalise_email
from quizflow.settings import Settings

#: Crockford's base32 without the letters people misread: 10 of them are 50 bits, too many to
#: guess within the join endpoint's rate limit.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = 10


@dataclass(frozen=True, slots=True)
class ClassView:
    id: uuid.UUID
    owner_id: uuid.UUID
    title: str
    join_code: str | None
    invitation_url: str | None
    member_count: int
    created_at: datetime
    grants: tuple[GrantView, ...]


@dataclass(frozen=True, slots=True)
class MemberView:
    user_id: uuid.UUID
    email: str
    display_name: str
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class AddedLearners:
    added: tuple[MemberView, ...]
    already_members: tuple[str, ...]
    #: Accounts created for addresses that had none, with the link each must open once.
    invitations: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class AssignmentView:
    class_id: uuid.UUID
    scenario_id: uuid.UUID
    scenario_title: str
    open_at: datetime | None
    due_at: datetime | None


def new_join_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a learner typed, as stored: upper-case, no spaces or dashes, O read as 0, I/L as 1."""
    cleaned = code.strip().upper().replace("-", "").replace(" ", "")
    return cleaned.translate(str.maketrans("OIL", "011"))


def _invitation_url(settings: Settings, code: str | None) -> str | None:
    if code is None:
        return None
    return f"{settings.public_url.rstrip('/')}/app/join#code={code}"


def _views(session: Session, settings: Settings, rows: Sequence[orm.Class]) -> list[ClassView]:
    ids = [c.id for c in rows]
    counts: dict[uuid.UUID, int] = {
        class_id: count
        for class_id, count in session.execute(
            select(orm.ClassMember.class_id, func.count())
            .where(orm.ClassMember.class_id.in_(ids))
            .group_by(orm.ClassMember.class_id)
        )
    }
    grants = class_grants(session, ids)
    return [
        ClassView(
            id=c.id,
            owner_id=c.owner_id,
            title=c.title,
            join_code=c.join_code,
            invitation_url=_invitation_url(settings, c.join_code),
            member_count=counts.get(c.id, 0),
            created_at=c.created_at,
            grants=grants.get(c.id, ()),
        )
        for c in rows
    ]


def create_class(
    *, sessions: sessionmaker[Session], settings: Settings, actor: Principal, title: str
) -> ClassView:
    """A new class owned by the actor, with a join code."""
    access.require_author(actor, "create classes")
    with sessions.begin() as session:
        access.require_account(session, actor)
        row = orm.Class(owner_id=actor.user_id, title=clean_title(title), join_code=new_join_code())
        session.add(row)
        session.flush()
        session.refresh(row)
        return _views(session, settings, [row])[0]


def list_classes(
    *, sessions: sessionmaker[Session], settings: Settings, actor: Principal | None
) -> list[ClassView]:
    """The classes the actor owns or was granted (all of them, for admins and for the CLI,
    `actor` None), by title."""
    query = select(orm.Class).order_by(orm.Class.title, orm.Class.id)
    if actor is not None:
        access.require_author(actor, "list classes")
        query = query.where(access.visible_classes_clause(actor))
    with sessions() as session:
        return _views(session, settings, list(session.scalars(query)))


def get_class(
    *, sessions: sessionmaker[Session], settings: Settings, actor: Principal, class_id: uuid.UUID
) -> ClassView:
    with sessions() as session:
        row = access.authored_class(session, actor, class_id, need="results")
        return _views(session, settings, [row])[0]


def rename_class(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal,
    class_id: uuid.UUID,
    title: str,
) -> ClassView:
    with sessions.begin() as session:
        row = access.authored_class(session, actor, class_id, lock=True)
        row.title = clean_title(title)
        session.flush()
        return _views(session, settings, [row])[0]


def delete_class(*, sessions: sessionmaker[Session], actor: Principal, class_id: uuid.UUID) -> None:
    """Delete a class (its memberships and assignments go with it; attempts stay)."""
    with sessions.begin() as session:
        access.authored_class(session, actor, class_id, lock=True, need="own")
        session.execute(delete(orm.Class).where(orm.Class.id == class_id))


def rotate_join_code(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal | None,
    class_id: uuid.UUID,
    enabled: bool = True,
) -> ClassView:
    """A new join code (the old one and its invitation link stop working), or none at all.
    `actor` None is the CLI."""
    with sessions.begin() as session:
        if actor is None:
            found = session.get(orm.Class, class_id, with_for_update=True)
            if found is None:
                raise NotFoundError(f"class {class_id} does not exist")
            row = found
        else:
            row = access.authored_class(session, actor, class_id, lock=True)
        row.join_code = new_join_code() if enabled else None
        session.flush()
        return _views(session, settings, [row])[0]


def join_class(
    *, sessions: sessionmaker[Session], settings: Settings, actor: Principal, code: str
) -> ClassView:
    """The actor joins the class with this code (again is fine); raises NotFoundError."""
    with sessions.begin() as session:
        access.require_account(session, actor)
        row = session.scalars(
            select(orm.Class).where(orm.Class.join_code == normalise_code(code))
        ).one_or_none()
        if row is None:
            raise NotFoundError("no class has this join code: check it, or ask for a new one")
        session.execute(
            insert(orm.ClassMember)
            .values(class_id=row.id, user_id=actor.user_id)
            .on_conflict_do_nothing()
        )
        view = _views(session, settings, [row])[0]
        # A learner learns the class's title, not how to invite others.
        return ClassView(
            id=view.id,
            owner_id=view.owner_id,
            title=view.title,
            join_code=None,
            invitation_url=None,
            member_count=view.member_count,
            created_at=view.created_at,
            grants=(),
        )


def list_members(
    *, sessions: sessionmaker[Session], actor: Principal, class_id: uuid.UUID
) -> list[MemberView]:
    with sessions() as session:
        access.authored_class(session, actor, class_id, need="results")
        rows = session.execute(
            select(orm.User, orm.ClassMember.joined_at)
            .join(orm.ClassMember, orm.ClassMember.user_id == orm.User.id)
            .where(orm.ClassMember.class_id == class_id)
            .order_by(orm.User.email)
        ).all()
        return [MemberView(u.id, u.email, u.display_name, joined) for u, joined in rows]


def parse_email_rows(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """(addresses, problems) from a CSV's rows: the first column of each, a header row
    (`email`) and blank rows skipped, duplicates kept once. Problems name the row number."""
    addresses: list[str] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        cell = line.split(",", 1)[0].strip().strip('"').strip()
        if not cell or (number == 1 and cell.lower() in ("email", "e-mail", "email address")):
            continue
        try:
            address = normalise_email(cell)
        except InvalidInputError:
            problems.append(f"row {number}: {cell[:80]!r} is not an email address")
            continue
        if address not in addresses:
            addresses.append(address)
    return addresses, problems


def add_learners(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal | None,
    class_id: uuid.UUID,
    emails: Sequence[str],
) -> AddedLearners:
    """Add these people to the class, all or none.

    An address with no account gets a learner's account and an invitation link (the same
    welcome link `quizflow users invite` issues). Any address that is not one is reported, with
    every other bad one, and nothing is added. `actor` None is the CLI.
    """
    addresses, problems = parse_email_rows(list(emails))
    if problems:
        raise InvalidInputError("nothing was added: " + "; ".join(problems))
    if not addresses:
        raise InvalidInputError("nothing was added: the list has no email addresses")
    with sessions.begin() as session:
        if actor is not None:
            access.authored_class(session, actor, class_id, lock=True)
        elif session.get(orm.Class, class_id, with_for_update=True) is None:
            raise NotFoundError(f"class {class_id} does not exist")
        existing = {
            u.email: u
            for u in session.scalars(select(orm.User).where(orm.User.email.in_(addresses)))
        }
        invitations: list[tuple[str, str]] = []
        for address in addresses:
            if address in existing:
                continue
            user = orm.User(
                email=address, display_name=address.split("@")[0][:200], role=orm.UserRole.LEARNER
            )
            session.add(user)
            existing[address] = user
            invitations.append(
                (address, invitation_in(session, settings, email=address, by=actor).url)
            )
        session.flush()
        members = set(
            session.scalars(
                select(orm.ClassMember.user_id).where(orm.ClassMember.class_id == class_id)
            )
        )
        added: list[MemberView] = []
        already: list[str] = []
        for address in addresses:
            user = existing[address]
            if user.id in members:
                already.append(address)
                continue
            member = orm.ClassMember(class_id=class_id, user_id=user.id)
            session.add(member)
            session.flush()
            added.append(MemberView(user.id, user.email, user.display_name, member.joined_at))
        return AddedLearners(tuple(added), tuple(already), tuple(invitations))


def remove_member(
    *, sessions: sessionmaker[Session], actor: Principal, class_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    with sessions.begin() as session:
        access.authored_class(session, actor, class_id, lock=True)
        gone = session.execute(
            delete(orm.ClassMember).where(
                orm.ClassMember.class_id == class_id, orm.ClassMember.user_id == user_id
            )
        )
        if gone.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"user {user_id} is not in this class")


def _check_dates(open_at: datetime | None, due_at: datetime | None) -> None:
    for name, value in (("open_at", open_at), ("due_at", due_at)):
        if value is not None and value.tzinfo is None:
            raise InvalidInputError(f"{name} needs a time zone (e.g. 2026-12-01T09:00:00Z)")
    if open_at is not None and due_at is not None and due_at <= open_at:
        raise InvalidInputError("due_at must come after open_at")


def _assignable(
    session: Session, actor: Principal | None, class_id: uuid.UUID, scenario_id: uuid.UUID
) -> orm.Scenario:
    if actor is not None:
        access.authored_class(session, actor, class_id, lock=True)
        return access.authored_scenario(session, actor, scenario_id)
    if session.get(orm.Class, class_id) is None:
        raise NotFoundError(f"class {class_id} does not exist")
    found = session.get(orm.Scenario, scenario_id)
    if found is None:
        raise NotFoundError(f"scenario {scenario_id} does not exist")
    return found


def assign(
    *,
    sessions: sessionmaker[Session],
    actor: Principal | None,
    class_id: uuid.UUID,
    scenario_id: uuid.UUID,
    open_at: datetime | None = None,
    due_at: datetime | None = None,
) -> AssignmentView:
    """Assign a scenario to the class (or change its dates). The actor must manage the class
    and be able to edit the scenario; `actor` None is the CLI."""
    with sessions.begin() as session:
        # Who asks comes before what they sent: a learner hears 403, not what is wrong with it.
        scenario = _assignable(session, actor, class_id, scenario_id)
        _check_dates(open_at, due_at)
        session.execute(
            insert(orm.ClassAssignment)
            .values(class_id=class_id, scenario_id=scenario_id, open_at=open_at, due_at=due_at)
            .on_conflict_do_update(
                index_elements=["class_id", "scenario_id"],
                set_={"open_at": open_at, "due_at": due_at},
            )
        )
        return AssignmentView(class_id, scenario_id, scenario.title, open_at, due_at)


def unassign(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    class_id: uuid.UUID,
    scenario_id: uuid.UUID,
) -> None:
    with sessions.begin() as session:
        access.authored_class(session, actor, class_id, lock=True)
        gone = session.execute(
            delete(orm.ClassAssignment).where(
                orm.ClassAssignment.class_id == class_id,
                orm.ClassAssignment.scenario_id == scenario_id,
            )
        )
        if gone.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"scenario {scenario_id} is not assigned to this class")


def list_assignments(
    *, sessions: sessionmaker[Session], actor: Principal, class_id: uuid.UUID
) -> list[AssignmentView]:
    with sessions() as session:
        access.authored_class(session, actor, class_id, need="results")
        rows = session.execute(
            select(orm.ClassAssignment, orm.Scenario.title)
            .join(orm.Scenario, orm.Scenario.id == orm.ClassAssignment.scenario_id)
            .where(orm.ClassAssignment.class_id == class_id)
            .order_by(orm.ClassAssignment.due_at.nulls_last(), orm.Scenario.title)
        ).all()
        return [
            AssignmentView(a.class_id, a.scenario_id, title, a.open_at, a.due_at)
            for a, title in rows
        ]


def find_class(*, sessions: sessionmaker[Session], title_or_id: str) -> uuid.UUID:
    """For the CLI: a class by id or exact title; raises NotFoundError, ConflictError."""
    with sessions() as session:
        try:
            wanted = uuid.UUID(title_or_id)
        except ValueError:
            ids = list(session.scalars(select(orm.Class.id).where(orm.Class.title == title_or_id)))
            if len(ids) > 1:
                raise ConflictError(
                    f"{len(ids)} classes are called {title_or_id!r}: use the id"
                ) from None
            if ids:
                return ids[0]
            raise NotFoundError(f"no class is called {title_or_id!r}") from None
        if session.get(orm.Class, wanted) is None:
            raise NotFoundError(f"class {wanted} does not exist")
        return wanted
