"""B2's fill: 100,000 users, 100,000 attempts and 1,000,000 answers written in SQL.

Attempts go to the played versions by their share (repeat attempts, abandoned and unfinished
ones), answers follow each attempt's version question by question, foreign keys consistent by
construction and verified once at the end.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, text

from bench.scale_content import Content

USERS = 100_000
ATTEMPTS = 100_000
ANSWERS = 1_000_000

_FILL = [
    # Reproducible: random() follows the seed for the rest of the session.
    "SELECT setseed(0.42)",
    """CREATE TEMP TABLE fill_users AS
        SELECT n, gen_random_uuid() AS id FROM generate_series(1, :users) n""",
    """INSERT INTO users (id, email, display_name, role, created_at)
        SELECT id, 'user-' || n || '@scale.test', 'User ' || n, 'learner',
            now() - random() * interval '365 days'
        FROM fill_users""",
    # The played versions, with the share of attempts each gets ([lo, hi) of a random number).
    """CREATE TEMP TABLE fill_versions (scenario_id uuid, version_id uuid, lo float8,
        hi float8)""",
    """CREATE TEMP TABLE fill_questions AS
        SELECT version_id, id AS question_id, is_multiple_choice,
            row_number() OVER (PARTITION BY version_id ORDER BY position, id) AS idx,
            count(*) OVER (PARTITION BY version_id) AS total
        FROM questions WHERE version_id IN (SELECT version_id FROM fill_versions)""",
    "CREATE INDEX ON fill_questions (version_id, idx)",
    """CREATE TEMP TABLE fill_choices AS
        SELECT c.question_id, c.id AS choice_id,
            row_number() OVER (PARTITION BY c.question_id ORDER BY c.position) AS idx,
            count(*) OVER (PARTITION BY c.question_id) AS total
        FROM choices c JOIN fill_questions q ON q.question_id = c.question_id""",
    "CREATE INDEX ON fill_choices (question_id, idx)",
    # The link each answer took, as the answer path records it: the first link (by priority)
    # from its question to the next one (to the end when there is none), else the question's
    # default link (a content whose links the fill's order does not follow).
    """CREATE TEMP TABLE fill_links AS
        SELECT DISTINCT ON (l.from_question_id, l.to_question_id) l.from_question_id,
            coalesce(l.to_question_id, '00000000-0000-0000-0000-000000000000') AS to_key,
            l.id AS link_id, l.condition
        FROM question_links l JOIN fill_questions q ON q.question_id = l.from_question_id
        ORDER BY l.from_question_id, l.to_question_id, l.priority, l.id""",
    """CREATE TEMP TABLE fill_defaults AS
        SELECT DISTINCT ON (l.from_question_id) l.from_question_id, l.id AS link_id,
            l.condition
        FROM question_links l JOIN fill_questions q ON q.question_id = l.from_question_id
        WHERE l.condition = 'default'
        ORDER BY l.from_question_id, l.priority, l.id""",
    # Attempts: random learners, so some play a scenario several times; all but the last
    # attempt of a learner at a scenario are over, and one in four last ones is unfinished.
    """CREATE TEMP TABLE fill_attempts AS
        WITH drawn AS (
            SELECT n, 1 + floor(random() * :users)::int AS user_n, random() AS pick,
                random() AS fate, now() - random() * interval '180 days' AS started_at
            FROM generate_series(1, :attempts) n
        ), placed AS (
            SELECT d.n, gen_random_uuid() AS id, u.id AS user_id, v.scenario_id, v.version_id,
                d.fate, d.started_at,
                row_number() OVER (PARTITION BY u.id, v.scenario_id ORDER BY d.started_at, d.n)
                    AS attempt,
                count(*) OVER (PARTITION BY u.id, v.scenario_id) AS attempts
            FROM drawn d JOIN fill_users u ON u.n = d.user_n
            JOIN fill_versions v ON d.pick >= v.lo AND d.pick < v.hi
        )
        SELECT p.*, (SELECT max(total) FROM fill_questions q WHERE q.version_id = p.version_id)
            AS questions,
            CASE WHEN p.attempt < p.attempts AND p.fate < 0.8 THEN 'completed'
                 WHEN p.attempt < p.attempts THEN 'abandoned'
                 WHEN p.fate < 0.25 THEN 'in_progress'
                 ELSE 'completed' END::progress_status AS status
        FROM placed p""",
    "CREATE UNIQUE INDEX ON fill_attempts (n)",
    """INSERT INTO user_progress (id, user_id, scenario_id, current_question_id, status, attempt,
            score, started_at, updated_at, completed_at, version_id)
        SELECT a.id, a.user_id, a.scenario_id,
            CASE WHEN a.status = 'in_progress' THEN q.question_id END, a.status, a.attempt,
            (a.fate * 10)::int, a.started_at, a.started_at + interval '10 minutes',
            CASE WHEN a.status = 'completed' THEN a.started_at + interval '10 minutes' END,
            a.version_id
        FROM fill_attempts a
        JOIN fill_questions q ON q.version_id = a.version_id
            AND q.idx = 1 + (a.n % a.questions)""",
    # Answers: spread over the attempts at random (some have many, some none), each one the
    # next question of its attempt's version in turn, most with an Idempotency-Key.
    """CREATE TEMP TABLE fill_answers AS
        WITH drawn AS (
            SELECT g, 1 + floor(random() * :attempts)::int AS attempt_n, random() AS r
            FROM generate_series(1, :answers) g
        )
        SELECT d.g, d.r, gen_random_uuid() AS id, a.id AS progress_id, a.user_id, a.version_id,
            a.questions, a.started_at,
            row_number() OVER (PARTITION BY d.attempt_n ORDER BY d.g) AS pos
        FROM drawn d JOIN fill_attempts a ON a.n = d.attempt_n""",
    """INSERT INTO answers (id, user_id, question_id, progress_id, free_text, is_correct, score,
            idempotency_key, created_at, next_question_id, score_after, link_id,
            link_condition)
        SELECT f.id, f.user_id, q.question_id, f.progress_id,
            CASE WHEN NOT q.is_multiple_choice THEN 'Into the hazardous waste container.' END,
            CASE WHEN q.is_multiple_choice THEN f.r < 0.6 END,
            CASE WHEN q.is_multiple_choice AND f.r < 0.6 THEN 1 ELSE 0 END,
            CASE WHEN f.r < 0.7 THEN md5(f.g::text) END,
            f.started_at + f.pos * interval '20 seconds',
            CASE WHEN f.pos % f.questions <> 0 THEN nq.question_id END,
            (f.pos * 0.6)::int, coalesce(l.link_id, d.link_id),
            coalesce(l.condition, d.condition)
        FROM fill_answers f
        JOIN fill_questions q ON q.version_id = f.version_id
            AND q.idx = 1 + (f.pos - 1) % f.questions
        LEFT JOIN fill_questions nq ON nq.version_id = f.version_id
            AND nq.idx = 1 + f.pos % f.questions
            AND f.pos % f.questions <> 0
        LEFT JOIN fill_links l ON l.from_question_id = q.question_id
            AND l.to_key = coalesce(nq.question_id, '00000000-0000-0000-0000-000000000000')
        LEFT JOIN fill_defaults d ON d.from_question_id = q.question_id""",
    """INSERT INTO answer_choices (answer_id, choice_id)
        SELECT f.id, c.choice_id
        FROM fill_answers f
        JOIN fill_questions q ON q.version_id = f.version_id
            AND q.idx = 1 + (f.pos - 1) % f.questions
        JOIN fill_choices c ON c.question_id = q.question_id AND c.idx = 1 + f.g % c.total""",
]

_COUNTS = """
    SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM user_progress),
        (SELECT count(*) FROM answers), (SELECT count(*) FROM answer_choices),
        (SELECT count(*) FROM questions), (SELECT count(*) FROM choices),
        (SELECT count(*) FROM question_links), (SELECT count(*) FROM scenarios)
"""

#: Every foreign key the fill writes, checked once at the end (the fill skips per-row checks).
_ORPHANS = """
    SELECT
      (SELECT count(*) FROM user_progress p LEFT JOIN users u ON u.id = p.user_id
        WHERE u.id IS NULL)
    + (SELECT count(*) FROM user_progress p LEFT JOIN scenario_versions v ON v.id = p.version_id
        WHERE v.id IS NULL OR v.scenario_id <> p.scenario_id)
    + (SELECT count(*) FROM user_progress p LEFT JOIN questions q ON q.id = p.current_question_id
        WHERE p.current_question_id IS NOT NULL
          AND (q.id IS NULL OR q.version_id <> p.version_id))
    + (SELECT count(*) FROM answers a LEFT JOIN user_progress p ON p.id = a.progress_id
        WHERE p.id IS NULL OR p.user_id <> a.user_id)
    + (SELECT count(*) FROM answers a JOIN user_progress p ON p.id = a.progress_id
        LEFT JOIN questions q ON q.id = a.question_id
        WHERE q.id IS NULL OR q.version_id <> p.version_id)
    + (SELECT count(*) FROM answers a LEFT JOIN questions q ON q.id = a.next_question_id
        WHERE a.next_question_id IS NOT NULL AND q.id IS NULL)
    + (SELECT count(*) FROM answer_choices ac LEFT JOIN answers a ON a.id = ac.answer_id
        LEFT JOIN choices c ON c.id = ac.choice_id
        LEFT JOIN questions q ON q.id = c.question_id
        WHERE a.id IS NULL OR c.id IS NULL OR c.question_id <> a.question_id)
    + (SELECT count(*) FROM answers a LEFT JOIN question_links l ON l.id = a.link_id
        WHERE a.link_id IS NOT NULL AND (l.id IS NULL OR l.from_question_id <> a.question_id))
"""


@dataclass(frozen=True, slots=True)
class Fill:
    seconds: float
    analyze_seconds: float
    rows: dict[str, int]
    orphans: int
    fk_checks: str


#: Secondary indexes of the bulk-loaded tables, dropped during the load and rebuilt from their
#: own definitions after it (one sorted build is far faster than a million random inserts).
_REBUILT = """
    SELECT indexname, indexdef FROM pg_indexes i
    WHERE tablename IN ('answers', 'answer_choices', 'user_progress', 'users')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
"""


def fill(engine: Engine, content: Content, log: Callable[[str], None]) -> Fill:
    """100,000 users, 100,000 attempts, 1,000,000 answers (and their choices), then ANALYZE."""
    started = time.perf_counter()
    params = {"users": USERS, "attempts": ATTEMPTS, "answers": ANSWERS}
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL statement_timeout = 0"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        # Per-row foreign-key triggers would triple the time; the data is consistent by
        # construction and checked below. Needs a superuser, else the triggers run.
        fk_checks = "checked per row"
        with contextlib.suppress(Exception), conn.begin_nested():
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            fk_checks = "skipped while loading, verified afterwards"
        indexes = conn.execute(text(_REBUILT)).all()
        for name, _ in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
        for statement in _FILL:
            step = time.perf_counter()
            conn.execute(text(statement), params)
            if statement.lstrip().startswith("CREATE TEMP TABLE fill_versions"):
                lo = 0.0
                total = sum(share for *_, share in content.versions)
                for scenario_id, version_id, share in content.versions:
                    hi = lo + share / total
                    conn.execute(
                        text("INSERT INTO fill_versions VALUES (:s, :v, :lo, :hi)"),
                        {"s": scenario_id, "v": version_id, "lo": lo, "hi": hi},
                    )
                    lo = hi
                conn.execute(text("UPDATE fill_versions SET hi = 2 WHERE hi = :hi"), {"hi": lo})
            log(f"{time.perf_counter() - step:6.1f} s  {' '.join(statement.split())[:70]}")
        step = time.perf_counter()
        for _, definition in indexes:
            conn.execute(text(definition))
        log(f"{time.perf_counter() - step:6.1f} s  rebuilt {len(indexes)} indexes")
    loaded = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    analyzed = time.perf_counter()
    with engine.connect() as conn:
        counts = conn.execute(text(_COUNTS)).one()
        orphans = int(conn.execute(text(_ORPHANS)).scalar_one())
    names = (
        "users",
        "user_progress",
        "answers",
        "answer_choices",
        "questions",
        "choices",
        "question_links",
        "scenarios",
    )
    return Fill(
        loaded - started,
        analyzed - loaded,
        dict(zip(names, (int(c) for c in counts), strict=True)),
        orphans,
        fk_checks,
    )
