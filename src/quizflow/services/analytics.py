"""Item analysis, path analytics and score distributions of one published version.

Every number is aggregated by PostgreSQL (one or two statements per use case, whatever the
number of answers); Python only turns the sums into Moodle's indices (analytics/stats.py) and
joins them to the version's content. On a version with hundreds of thousands of answers that
takes PostgreSQL around half a second, so results are kept (`results_cache`) until anything
they count changes: an attempt started, answered or abandoned on the version (each moves
user_progress.updated_at), or the class filtered on gaining or losing members.

Item analysis and scores count completed attempts, as Moodle's statistics count finished ones;
path analytics count every attempt, since where unfinished attempts stop is the point. A
question answered twice in one attempt (a loop back to it) counts once, with its best score;
a choice counts once per attempt that picked it.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.analytics import stats
from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.sanitize import html_to_text
from quizflow.errors import NotFoundError
from quizflow.services import access
from quizflow.services.content import ScenarioContent, versions

Attempts = Literal["first", "all"]
T = TypeVar("T")


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


# The attempts counted, as a CTE every statement starts from. Filters are put together in
# Python rather than written as `:x IS NULL OR …`, so each variant gets a plan of its own.
_IN_CLASS = """
    AND EXISTS (SELECT 1 FROM class_members m
                WHERE m.class_id = :class_id AND m.user_id = p.user_id)"""
# The learner's earliest completed attempt at this version.
_FIRST = """
    AND NOT EXISTS (SELECT 1 FROM user_progress e
                    WHERE e.user_id = p.user_id AND e.scenario_id = p.scenario_id
                      AND e.version_id = p.version_id AND e.status = 'completed'
                      AND (e.started_at, e.id) < (p.started_at, p.id))"""


def _attempts_cte(*, completed: bool, in_class: bool, first: bool, columns: str) -> str:
    where = "p.version_id = :version_id"
    if completed:
        where += " AND p.status = 'completed'"
    return (
        f"SELECT {columns} FROM user_progress p WHERE {where}"
        + (_IN_CLASS if in_class else "")
        + (_FIRST if first else "")
    )


def _items_sql(*, in_class: bool, first: bool) -> tuple[str, str]:
    # Thirds by total score (ntile), for the distractors strong learners fall for.
    counted = _attempts_cte(
        completed=True,
        in_class=in_class,
        first=first,
        columns="p.id, p.score, ntile(3) OVER (ORDER BY p.score DESC, p.id) AS third",
    )
    # One row per attempt and question (a loop may answer a question twice: its best counts),
    # x the question's score and y the rest of the attempt's.
    questions = f"""
        WITH counted AS MATERIALIZED ({counted}),
        per_question AS (
            SELECT a.question_id, max(a.score)::float8 AS x,
                c.score - max(a.score)::float8 AS y, c.third
            FROM answers a JOIN counted c ON c.id = a.progress_id
            WHERE a.question_id = ANY(:question_ids)
            GROUP BY a.question_id, a.progress_id, c.score, c.third
        ), per_item AS (
            SELECT question_id, count(*) AS n, sum(x) AS sx, sum(y) AS sy, sum(x * x) AS sxx,
                sum(y * y) AS syy, sum(x * y) AS sxy,
                count(*) FILTER (WHERE third = 1) AS strong,
                count(*) FILTER (WHERE third = 3) AS weak
            FROM per_question GROUP BY question_id
        )
        SELECT (SELECT count(*) FROM counted) AS counted, i.*
        FROM (SELECT 1) one LEFT JOIN per_item i ON true"""
    choices = f"""
        WITH counted AS MATERIALIZED ({counted})
        SELECT ac.choice_id, count(DISTINCT a.progress_id) AS picked,
            count(DISTINCT a.progress_id) FILTER (WHERE c.third = 1) AS strong,
            count(DISTINCT a.progress_id) FILTER (WHERE c.third = 3) AS weak
        FROM answers a JOIN counted c ON c.id = a.progress_id
        JOIN answer_choices ac ON ac.answer_id = a.id
        WHERE a.question_id = ANY(:question_ids) AND ac.choice_id = ANY(:choice_ids)
        GROUP BY ac.choice_id"""
    return questions, choices


def _paths_sql(*, in_class: bool) -> str:
    every = _attempts_cte(
        completed=False,
        in_class=in_class,
        first=False,
        columns="p.id, p.status, p.current_question_id, p.started_at",
    )
    # Time on a question: from the previous answer (or the attempt's start) to this answer.
    return f"""
        WITH attempts AS MATERIALIZED ({every}),
        steps AS MATERIALIZED (
            SELECT a.progress_id, a.question_id, a.link_id,
                extract(epoch FROM a.created_at - coalesce(lag(a.created_at) OVER w,
                    t.started_at))::float8 AS seconds,
                lead(a.id) OVER w IS NULL AS is_last
            FROM answers a JOIN attempts t ON t.id = a.progress_id
            WHERE a.question_id = ANY(:question_ids)
            WINDOW w AS (PARTITION BY a.progress_id ORDER BY a.created_at, a.id)
        ), stops AS (
            SELECT coalesce(t.current_question_id, s.question_id) AS question_id
            FROM attempts t LEFT JOIN steps s ON s.progress_id = t.id AND s.is_last
            WHERE t.status <> 'completed'
        ), reach AS (
            SELECT question_id, progress_id FROM steps
            UNION
            SELECT current_question_id, id FROM attempts WHERE current_question_id IS NOT NULL
        )
        SELECT 'status' AS kind, status::text AS key, count(*) AS n, NULL::float8 AS seconds
            FROM attempts GROUP BY status
        UNION ALL SELECT 'reached', question_id::text, count(*), NULL FROM reach
            GROUP BY question_id
        UNION ALL SELECT 'stopped', question_id::text, count(*), NULL FROM stops
            WHERE question_id IS NOT NULL GROUP BY question_id
        UNION ALL SELECT 'time', question_id::text, count(*),
                percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds)
            FROM steps GROUP BY question_id
        UNION ALL SELECT 'link', link_id::text, count(*), NULL FROM steps
            WHERE link_id IS NOT NULL GROUP BY link_id"""


def _scores_sql(*, in_class: bool) -> str:
    counted = _attempts_cte(completed=True, in_class=in_class, first=False, columns="p.score")
    return f"SELECT score, count(*) AS n FROM ({counted}) c GROUP BY score"


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


class ResultsCache:
    """Computed analytics by (use case, version, class, attempts), each with the data token it
    was computed at; a different token (the data changed) is a miss. Like Moodle's cached
    quiz statistics, but never stale: the token is read on every call."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], object]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(
        self, key: tuple[Any, ...], token: tuple[Any, ...], compute: Callable[[], T]
    ) -> T:
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == token:
                self._entries.move_to_end(key)
                return found[1]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._entries[key] = (token, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


results_cache = ResultsCache()

# What every cached result depends on: the version's attempts (their number and latest change)
# and the filtered class's membership.
_DATA_TOKEN = text(
    """SELECT count(*) AS attempts, max(p.updated_at) AS changed,
        (SELECT count(*) FROM class_members m WHERE m.class_id = :class_id) AS members,
        (SELECT max(m.joined_at) FROM class_members m WHERE m.class_id = :class_id) AS joined
    FROM user_progress p WHERE p.version_id = :version_id"""
)


def _cached(
    session: Session,
    content: ScenarioContent,
    class_id: uuid.UUID | None,
    key: tuple[Any, ...],
    compute: Callable[[], T],
) -> T:
    token = tuple(
        session.execute(_DATA_TOKEN, {"version_id": content.version_id, "class_id": class_id}).one()
    )
    return results_cache.get_or_compute((*key, content.version_id, class_id), token, compute)


def item_analysis(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    version: int,
    class_id: uuid.UUID | None = None,
    attempts: Attempts = "all",
) -> ItemAnalysis:
    """Facility and discrimination per question, picks and distractor flags per choice, over
    the version's completed attempts (a learner's first only with `attempts="first"`).

    Raises ForbiddenError for learners, NotFoundError for a scenario, version or class the
    actor may not read the results of."""
    with sessions() as session:
        content = _readable_version(session, actor, scenario_id, version, class_id)
        return _cached(
            session,
            content,
            class_id,
            ("items", attempts),
            lambda: _item_analysis(session, content, version, class_id, attempts),
        )


def _item_analysis(
    session: Session,
    content: ScenarioContent,
    version: int,
    class_id: uuid.UUID | None,
    attempts: Attempts,
) -> ItemAnalysis:
    questions_sql, choices_sql = _items_sql(
        in_class=class_id is not None, first=attempts == "first"
    )
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
    return ItemAnalysis(version, counted, questions)


def path_analysis(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    version: int,
    class_id: uuid.UUID | None = None,
) -> PathAnalysis:
    """For each question how many attempts reached it, stopped there and the median time
    spent on it; for each link how many answers took it; with the version's graph. Raises
    like `item_analysis`."""
    with sessions() as session:
        content = _readable_version(session, actor, scenario_id, version, class_id)
        return _cached(
            session,
            content,
            class_id,
            ("paths",),
            lambda: _path_analysis(session, content, version, class_id),
        )


def _path_analysis(
    session: Session, content: ScenarioContent, version: int, class_id: uuid.UUID | None
) -> PathAnalysis:
    session.execute(_WORK_MEM)
    rows = session.execute(
        text(_paths_sql(in_class=class_id is not None)), _params(content, class_id)
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
        version=version,
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
            text(_scores_sql(in_class=class_id is not None)), _params(content, class_id)
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
