"""Item analysis, path analytics and score distributions of one published version.

Every number is aggregated by PostgreSQL (one or two statements per use case, whatever the
number of answers); Python only turns the sums into Moodle's indices (analytics/stats.py) and
joins them to the version's content. On a version with hundreds of thousands of answers that
takes PostgreSQL around a second, so item analysis and paths are kept in the database and
recounted off the request path when the data changes (services/analytics_snapshots.py); scores
are one indexed GROUP BY, counted on every request.

Item analysis and scores count completed attempts, as Moodle's statistics count finished ones;
path analytics count every attempt, since where unfinished attempts stop is the point. A
question answered twice in one attempt (a loop back to it) counts once, with its best score;
a choice counts once per attempt that picked it.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from pydantic import TypeAdapter
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.analytics import stats
from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.sanitize import html_to_text
from quizflow.errors import NotFoundError
from quizflow.services import access, analytics_snapshots
from quizflow.services.analytics_snapshots import UseCase
from quizflow.services.analytics_sql import items_sql, paths_sql, scores_sql
from quizflow.services.content import ScenarioContent, versions

Attempts = Literal["first", "all"]


@dataclass(frozen=True, slots=True)
class ChoiceStats:
    choice_id: uuid.UUID
    label: str
    body_text: str
    is_correct: bool
    picked: int
    picked_share: float
    flags: list[str]


@dataclass(frozen=True, slots=True)
class QuestionStats:
    question_id: uuid.UUID
    position: int
    prompt_text: str
    max_points: int
    answered: int
    facility: float | None
    discrimination: float | None
    choices: list[ChoiceStats]


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    version: int
    attempts_counted: int
    questions: list[QuestionStats]
    # When these numbers were counted, and whether a newer count is on its way (a large
    # version's result is kept and recounted in the background: analytics_snapshots).
    counted_at: datetime | None = None
    refreshing: bool = False


@dataclass(frozen=True, slots=True)
class QuestionTraffic:
    question_id: uuid.UUID
    position: int
    prompt_text: str
    reached: int
    stopped: int
    median_seconds: float | None


@dataclass(frozen=True, slots=True)
class LinkTraffic:
    link_id: uuid.UUID
    from_question_id: uuid.UUID
    to_question_id: uuid.UUID | None
    condition: str
    taken: int


@dataclass(frozen=True, slots=True)
class PathAnalysis:
    version: int
    attempts: int
    completed: int
    abandoned: int
    in_progress: int
    questions: list[QuestionTraffic]
    links: list[LinkTraffic]
    first_question_id: uuid.UUID | None
    counted_at: datetime | None = None
    refreshing: bool = False


@dataclass(frozen=True, slots=True)
class ScoreBucket:
    start: int
    end: int
    count: int


@dataclass(frozen=True, slots=True)
class ScoreDistribution:
    version: int
    max_score: int
    attempts: int
    mean: float | None
    median: float | None
    buckets: list[ScoreBucket]


def _readable_version(
    session: Session,
    actor: Principal,
    scenario_id: uuid.UUID,
    number: int,
    class_id: uuid.UUID | None,
) -> ScenarioContent:
    """The version, if the actor may read the scenario's results (and the class's, when one
    filters). Learners are forbidden; a scenario they may not see is not found."""
    access.require_author(actor, "read results")
    if not access.may_read_results(session, actor, scenario_id):
        raise NotFoundError(f"scenario {scenario_id} does not exist")
    if class_id is not None:
        access.authored_class(session, actor, class_id, need="results")
    version_id = session.scalar(
        select(orm.ScenarioVersion.id).where(
            orm.ScenarioVersion.scenario_id == scenario_id,
            orm.ScenarioVersion.number == number,
        )
    )
    if version_id is None:
        raise NotFoundError(f"scenario {scenario_id} has no published version {number}")
    return versions.get(session, version_id)


def _params(content: ScenarioContent, class_id: uuid.UUID | None) -> dict[str, object]:
    return {
        "version_id": content.version_id,
        "class_id": class_id,
        "question_ids": [q.id for q in content.questions],
        "choice_ids": [c.id for q in content.questions for c in q.choices],
    }


# The aggregations hash hundreds of thousands of answers on a large version: enough memory
# for that keeps them in one batch instead of spilling to disk (4 MB is PostgreSQL's default).
_WORK_MEM = text("SET LOCAL work_mem = '64MB'")

Result = ItemAnalysis | PathAnalysis
# How each kept use case is counted, and read back from its JSON.
_COUNT: dict[UseCase, Callable[[Session, ScenarioContent, uuid.UUID | None], Result]] = {
    "items_all": lambda session, content, class_id: _item_analysis(
        session, content, class_id, "all"
    ),
    "items_first": lambda session, content, class_id: _item_analysis(
        session, content, class_id, "first"
    ),
    "paths": lambda session, content, class_id: _path_analysis(session, content, class_id),
}
_ADAPTER: dict[UseCase, TypeAdapter[Result]] = {
    "items_all": TypeAdapter(ItemAnalysis),
    "items_first": TypeAdapter(ItemAnalysis),
    "paths": TypeAdapter(PathAnalysis),
}


def _number(content: ScenarioContent) -> int:
    assert content.version_number is not None  # analytics read published versions only
    return content.version_number


def _kept(
    session: Session,
    content: ScenarioContent,
    class_id: uuid.UUID | None,
    use_case: UseCase,
    count_now: bool,
) -> Result:
    assert content.version_id is not None
    kept = analytics_snapshots.kept_or_counted(
        session,
        use_case=use_case,
        version_id=content.version_id,
        class_id=class_id,
        count=lambda: _COUNT[use_case](session, content, class_id),
        adapter=_ADAPTER[use_case],
        # count_now: counted on the request whatever the size (someone at a terminal, or a
        # deployment with no worker to recount).
        live_attempts=sys.maxsize if count_now else live_attempts,
    )
    return replace(kept.value, counted_at=kept.counted_at, refreshing=kept.refreshing)


#: analytics_snapshots.LIVE_ATTEMPTS, here so tests can lower it to see large-version behaviour.
live_attempts = analytics_snapshots.LIVE_ATTEMPTS


def refresh_wanted(sessions: sessionmaker[Session], *, limit: int = 20) -> int:
    """Recount up to `limit` kept results that requests found stale, the longest wanted first
    (each in its own transaction, its row locked so two workers never count the same one);
    returns how many were recounted."""
    done = 0
    while done < limit and _recount_one(sessions):
        done += 1
    return done


def _recount_one(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        wanted = analytics_snapshots.claim_wanted(session)
        if wanted is None:
            return False
        content = versions.get(session, wanted.version_id)
        analytics_snapshots.recount(
            session,
            wanted,
            lambda: _COUNT[wanted.use_case](session, content, wanted.class_id),
            _ADAPTER[wanted.use_case],
        )
        session.commit()
    return True


def item_analysis(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    version: int,
    class_id: uuid.UUID | None = None,
    attempts: Attempts = "all",
    count_now: bool = False,
) -> ItemAnalysis:
    """Facility and discrimination per question, picks and distractor flags per choice, over
    the version's completed attempts (a learner's first only with `attempts="first"`).

    On a large version the result kept from an earlier count may answer, with `refreshing`
    when learners have played since (a recount is then on its way); `count_now` counts afresh
    whatever the size. Raises ForbiddenError for learners, NotFoundError for a scenario,
    version or class the actor may not read the results of."""
    use_case: UseCase = "items_first" if attempts == "first" else "items_all"
    with sessions() as session:
        content = _readable_version(session, actor, scenario_id, version, class_id)
        found = _kept(session, content, class_id, use_case, count_now)
    assert isinstance(found, ItemAnalysis)
    return found


def _item_analysis(
    session: Session, content: ScenarioContent, class_id: uuid.UUID | None, attempts: Attempts
) -> ItemAnalysis:
    questions_sql, choices_sql = items_sql(in_class=class_id is not None, first=attempts == "first")
    params = _params(content, class_id)
    session.execute(_WORK_MEM)
    rows = session.execute(text(questions_sql), params).all()
    picks = {row.choice_id: row for row in session.execute(text(choices_sql), params)}
    counted = int(rows[0].counted)
    per_item = {row.question_id: row for row in rows if row.question_id is not None}
    questions = []
    for number, q in enumerate(content.questions, start=1):
        row = per_item.get(q.id)
        moments = (
            stats.Moments(row.n, row.sx, row.sy, row.sxx, row.syy, row.sxy)
            if row is not None
            else stats.Moments(0, 0, 0, 0, 0, 0)
        )
        graded = q.is_multiple_choice
        choices = []
        for choice in q.choices:
            pick = picks.get(choice.id)
            counts = stats.ChoiceCounts(
                is_correct=choice.is_correct,
                picked=int(pick.picked) if pick else 0,
                strong_picked=int(pick.strong) if pick else 0,
                strong_answered=int(row.strong) if row is not None else 0,
                weak_picked=int(pick.weak) if pick else 0,
                weak_answered=int(row.weak) if row is not None else 0,
            )
            choices.append(
                ChoiceStats(
                    choice_id=choice.id,
                    label=choice.label,
                    body_text=html_to_text(choice.body),
                    is_correct=choice.is_correct,
                    picked=counts.picked,
                    picked_share=counts.picked / moments.n if moments.n else 0.0,
                    flags=stats.distractor_flags(counts),
                )
            )
        questions.append(
            QuestionStats(
                question_id=q.id,
                position=number,
                prompt_text=q.prompt_text,
                max_points=q.points,
                answered=moments.n,
                # Free text is not auto-graded (always 0): no index says anything about it.
                facility=stats.facility(moments, q.points) if graded else None,
                discrimination=stats.discrimination(moments) if graded else None,
                choices=choices,
            )
        )
    return ItemAnalysis(_number(content), counted, questions)


def path_analysis(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    version: int,
    class_id: uuid.UUID | None = None,
    count_now: bool = False,
) -> PathAnalysis:
    """For each question how many attempts reached it, stopped there and the median time
    spent on it; for each link how many answers took it; with the version's graph. Raises
    like `item_analysis`."""
    with sessions() as session:
        content = _readable_version(session, actor, scenario_id, version, class_id)
        found = _kept(session, content, class_id, "paths", count_now)
    assert isinstance(found, PathAnalysis)
    return found


def _path_analysis(
    session: Session, content: ScenarioContent, class_id: uuid.UUID | None
) -> PathAnalysis:
    session.execute(_WORK_MEM)
    rows = session.execute(
        text(paths_sql(in_class=class_id is not None)), _params(content, class_id)
    ).all()
    found: dict[tuple[str, str], tuple[int, float | None]] = {
        (row.kind, row.key): (int(row.n), row.seconds) for row in rows
    }

    def count(kind: str, key: object) -> int:
        return found.get((kind, str(key)), (0, None))[0]

    statuses = {s.value: count("status", s.value) for s in orm.ProgressStatus}
    questions = [
        QuestionTraffic(
            question_id=q.id,
            position=number,
            prompt_text=q.prompt_text,
            reached=count("reached", q.id),
            stopped=count("stopped", q.id),
            median_seconds=found.get(("time", str(q.id)), (0, None))[1],
        )
        for number, q in enumerate(content.questions, start=1)
    ]
    links = [
        LinkTraffic(
            link_id=link.id,
            from_question_id=link.from_question_id,
            to_question_id=link.to_question_id,
            condition=link.condition,
            taken=count("link", link.id),
        )
        for q in content.questions
        for link in q.links
    ]
    return PathAnalysis(
        version=_number(content),
        attempts=sum(statuses.values()),
        completed=statuses["completed"],
        abandoned=statuses["abandoned"],
        in_progress=statuses["in_progress"],
        questions=questions,
        links=links,
        first_question_id=content.first_question_id,
    )


def max_score(content: ScenarioContent) -> int:
    """The most a path through the version could earn at best: every auto-graded question's
    points (free text earns nothing until a person grades it)."""
    return sum(max(q.points, 0) for q in content.questions if q.is_multiple_choice)


def score_distribution(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    version: int,
    class_id: uuid.UUID | None = None,
) -> ScoreDistribution:
    """Mean, median and up to 20 buckets of the completed attempts' scores. Raises like
    `item_analysis`."""
    with sessions() as session:
        content = _readable_version(session, actor, scenario_id, version, class_id)
        rows = session.execute(
            text(scores_sql(in_class=class_id is not None)), _params(content, class_id)
        ).all()
    top = max_score(content)
    found = stats.distribution({int(r.score): int(r.n) for r in rows}, top)
    return ScoreDistribution(
        version=version,
        max_score=top,
        attempts=found.attempts,
        mean=found.mean,
        median=found.median,
        buckets=[ScoreBucket(b.start, b.end, b.count) for b in found.buckets],
    )
