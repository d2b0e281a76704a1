"""B2 — scale: the answer path on a database of 100,000 users, 1,000,000 answers, 100,000 attempts.

    python -m bench scale
    python -m bench.bench_scale --quick

Two databases get the same content: four played scenarios (six published versions, built by the
services) and a catalogue of 400 more (copied in SQL, so questions, choices and links are big
enough for the planner to choose between scans). One of them is then filled in SQL with
100,000 users, 100,000 attempts over the played versions (repeat attempts, abandoned and
unfinished ones) and 1,000,000 answers with their choices, foreign keys consistent.

Latency: learners answer through `submit_answer` (the service layer, one at a time, version
cache warm), in rounds that alternate between the empty and the filled database so a busy
machine slows both alike. Target: the filled database's median within 1.2× of the empty one's.

Indexes: every statement the answer path issues, plus reading a scenario and a version,
starting and resuming an attempt and reading an attempt's history, is captured from the
services and EXPLAINed on the filled database; no Seq Scan on answers, answer_choices,
user_progress, questions, choices or question_links is allowed.

Runs on the server DATABASE_URL or TEST_DATABASE_URL names, else on an embedded one; creates
quizflow_bench_scale_empty and quizflow_bench_scale_full there and drops them at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from bench.bench_play import percentile_ms
from bench.common import Figure, Report, machine, write_report
from bench.play_sql import capturing
from bench.play_world import fresh_database, server_url
from quizflow.auth import Principal
from quizflow.db.engine import create_db_engine
from quizflow.services import answers, attempts, publishing, scenarios, users
from quizflow.services.attempts import QuestionView
from quizflow.services.content import VersionCache
from quizflow.services.definitions import create_from_definition
from quizflow.services.demo import DEMO
from quizflow.settings import Settings

USERS = 100_000
ATTEMPTS = 100_000
ANSWERS = 1_000_000
CATALOGUE = 400
LEARNERS = 20
#: Rounds alternate between the databases (ABBA…), so a busy machine slows both alike.
ANSWERS_PER_ROUND = 250
ROUNDS = 10
QUICK_ANSWERS_PER_ROUND = 150
QUICK_ROUNDS = 4
TARGET_RATIO = 1.2
#: Tables the hot paths must reach through an index, whatever their size.
HOT_TABLES = (
    "answers",
    "answer_choices",
    "user_progress",
    "questions",
    "choices",
    "question_links",
)
#: No measurement loop runs longer than this.
ROUND_BUDGET_S = 120.0


# --- content ------------------------------------------------------------------------------------


def branching(title: str, count: int) -> dict[str, Any]:
    """`count` questions of four choices (every fourth multi-select, the last free text) where
    a B answer skips a question and anything else goes on."""
    keys = [f"q{i}" for i in range(count)]
    questions: dict[str, Any] = {}
    for i, key in enumerate(keys):
        after = keys[i + 1] if i + 1 < count else None
        skip = keys[i + 2] if i + 2 < count else None
        if i == count - 1:
            questions[key] = {
                "prompt_html": f"<p>Question {i + 1}: explain your choice.</p>",
                "links": [{"if": "default", "to": None}],
            }
            continue
        multi = i % 4 == 3
        questions[key] = {
            "prompt_html": f"<p>Question {i + 1} of {title}: what comes next?</p>",
            "choices": [
                {
                    "body": f"Step {label} of the procedure",
                    "correct": label == "A" or (multi and label == "B"),
                    "feedback": f"About {label}.",
                }
                for label in "ABCD"
            ],
            "explanation": f"<p>Step A comes first (question {i + 1}).</p>",
            "links": [{"if": "answer == B", "to": skip}, {"if": "default", "to": after}]
            if not multi
            else [{"if": "default", "to": after}],
        }
    return {
        "title": title,
        "context_html": f"<p>The context of {title}.</p>",
        "questions": questions,
    }


@dataclass(frozen=True, slots=True)
class Content:
    author: Principal
    #: The scenarios learners play, and (version id, share of attempts) for the fill.
    played: list[uuid.UUID]
    versions: list[tuple[uuid.UUID, uuid.UUID, float]]
    template: uuid.UUID


def build_content(engine: Engine) -> Content:
    """Four played scenarios (six versions) through the services, then the SQL catalogue."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    made = users.create_user(sessions=sessions, email="author@scale.test", role="author")
    author = Principal(made.id, "author", made.email)
    demo = create_from_definition(sessions=sessions, actor=author, definition=DEMO)
    drill = create_from_definition(
        sessions=sessions, actor=author, definition=branching("Fire drill", 10)
    )
    audit = create_from_definition(
        sessions=sessions, actor=author, definition=branching("Audit", 12)
    )
    intro = create_from_definition(
        sessions=sessions, actor=author, definition=branching("Induction", 6)
    )
    # A second version of two of them: older attempts keep playing version 1.
    publishing.publish(sessions=sessions, actor=author, scenario_id=demo)
    publishing.publish(sessions=sessions, actor=author, scenario_id=audit)
    shares = {demo: (0.10, 0.35), drill: (0.25,), audit: (0.05, 0.15), intro: (0.10,)}
    with engine.begin() as conn:
        version_rows = conn.execute(
            text(
                "SELECT id, scenario_id FROM scenario_versions WHERE scenario_id = ANY(:ids) "
                "ORDER BY scenario_id, number"
            ),
            {"ids": list(shares)},
        ).all()
        copy_catalogue(conn, drill, CATALOGUE)
    by_scenario: dict[uuid.UUID, list[uuid.UUID]] = {}
    for version_id, scenario_id in version_rows:
        by_scenario.setdefault(scenario_id, []).append(version_id)
    weighted = [
        (scenario_id, version_id, share)
        for scenario_id, share_list in shares.items()
        for version_id, share in zip(by_scenario[scenario_id], share_list, strict=True)
    ]
    return Content(author, list(shares), weighted, drill)


_COPY = {
    "scenarios": """
        INSERT INTO scenarios (id, owner_id, title, context_html, context_text,
            first_question_id, status, created_at, updated_at, latest_version_id)
        SELECT md5(k || ':' || s.id)::uuid, s.owner_id, s.title || ' #' || k, s.context_html,
            s.context_text, NULL, s.status, s.created_at, s.updated_at, NULL
        FROM scenarios s, generate_series(1, :copies) k WHERE s.id = :template""",
    "scenario_versions": """
        INSERT INTO scenario_versions (id, scenario_id, number, title, context_html,
            context_text, first_question_id, published_by_id, published_at)
        SELECT md5(k || ':' || v.id)::uuid, md5(k || ':' || v.scenario_id)::uuid, v.number,
            v.title || ' #' || k, v.context_html, v.context_text, NULL, v.published_by_id,
            v.published_at
        FROM scenario_versions v, generate_series(1, :copies) k WHERE v.scenario_id = :template""",
    "questions": """
        INSERT INTO questions (id, scenario_id, prompt_html, prompt_text, is_multiple_choice,
            multi_select, explanation, points, position, created_at, updated_at, origin_id,
            version_id)
        SELECT md5(k || ':' || q.id)::uuid, md5(k || ':' || q.scenario_id)::uuid, q.prompt_html,
            q.prompt_text, q.is_multiple_choice, q.multi_select, q.explanation, q.points,
            q.position, q.created_at, q.updated_at, md5(k || ':' || q.origin_id)::uuid,
            md5(k || ':' || q.version_id)::uuid
        FROM questions q, generate_series(1, :copies) k WHERE q.scenario_id = :template""",
    "choices": """
        INSERT INTO choices (id, question_id, label, body, is_correct, feedback, position)
        SELECT md5(k || ':' || c.id)::uuid, md5(k || ':' || c.question_id)::uuid, c.label,
            c.body, c.is_correct, c.feedback, c.position
        FROM choices c JOIN questions q ON q.id = c.question_id, generate_series(1, :copies) k
        WHERE q.scenario_id = :template""",
    "question_links": """
        INSERT INTO question_links (id, from_question_id, to_question_id, condition, priority)
        SELECT md5(k || ':' || l.id)::uuid, md5(k || ':' || l.from_question_id)::uuid,
            md5(k || ':' || l.to_question_id)::uuid, l.condition, l.priority
        FROM question_links l JOIN questions q ON q.id = l.from_question_id,
            generate_series(1, :copies) k
        WHERE q.scenario_id = :template""",
    # The references back, now that the questions exist.
    "first questions": """
        UPDATE scenario_versions c
        SET first_question_id = md5(k || ':' || v.first_question_id)::uuid
        FROM scenario_versions v, generate_series(1, :copies) k
        WHERE v.scenario_id = :template AND c.id = md5(k || ':' || v.id)::uuid""",
    "latest versions": """
        UPDATE scenarios c SET first_question_id = md5(k || ':' || s.first_question_id)::uuid,
            latest_version_id = md5(k || ':' || s.latest_version_id)::uuid
        FROM scenarios s, generate_series(1, :copies) k
        WHERE s.id = :template AND c.id = md5(k || ':' || s.id)::uuid""",
}


def copy_catalogue(conn: Any, template: uuid.UUID, copies: int) -> None:
    """`copies` copies of a scenario (its draft and versions), ids derived from the originals.

    Rows reference each other in circles (a scenario its first question, the question its
    scenario): the scenarios and versions come first without their first question."""
    for statement in _COPY.values():
        conn.execute(text(statement), {"copies": copies, "template": template})


# --- the fill -------------------------------------------------------------------------------------

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
            idempotency_key, created_at, next_question_id, score_after)
        SELECT f.id, f.user_id, q.question_id, f.progress_id,
            CASE WHEN NOT q.is_multiple_choice THEN 'Into the hazardous waste container.' END,
            CASE WHEN q.is_multiple_choice THEN f.r < 0.6 END,
            CASE WHEN q.is_multiple_choice AND f.r < 0.6 THEN 1 ELSE 0 END,
            CASE WHEN f.r < 0.7 THEN md5(f.g::text) END,
            f.started_at + f.pos * interval '20 seconds',
            CASE WHEN f.pos % f.questions <> 0 THEN nq.question_id END,
            (f.pos * 0.6)::int
        FROM fill_answers f
        JOIN fill_questions q ON q.version_id = f.version_id
            AND q.idx = 1 + (f.pos - 1) % f.questions
        LEFT JOIN fill_questions nq ON nq.version_id = f.version_id
            AND nq.idx = 1 + f.pos % f.questions""",
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


# --- the answer path's latency ------------------------------------------------------------------


@dataclass(slots=True)
class Side:
    """One database and the learners who play on it."""

    name: str
    engine: Engine
    sessions: sessionmaker[Session]
    learners: list[Principal]
    played: list[uuid.UUID]
    latencies_s: list[float]


def learners_on(engine: Engine, filled: bool) -> list[Principal]:
    """The benchmark's learners: on the filled database, users who already have a history."""
    with engine.begin() as conn:
        if not filled:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, display_name, role) SELECT gen_random_uuid(),"
                    " 'user-' || n || '@scale.test', 'User ' || n, 'learner'"
                    " FROM generate_series(1, :n) n"
                ),
                {"n": LEARNERS},
            )
        ids = conn.execute(
            text("SELECT id FROM users WHERE email = ANY(:emails) ORDER BY email"),
            {"emails": [f"user-{n}@scale.test" for n in range(1, LEARNERS + 1)]},
        ).scalars()
        return [Principal(i, "learner", None) for i in ids]


def pick(question: QuestionView, rng: random.Random) -> dict[str, Any]:
    labels = [c.label for c in question.choices]
    if not question.is_multiple_choice:
        return {"text": rng.choice(("Into the hazardous waste container.", "In the bin."))}
    if question.multi_select:
        return {"labels": rng.sample(labels, rng.randint(1, len(labels)))}
    return {"labels": [rng.choice(labels)]}


def play_answers(side: Side, count: int, rng: random.Random) -> None:
    """`count` answers, learners taking turns to play a scenario through; each one timed."""
    deadline = time.monotonic() + ROUND_BUDGET_S
    done = 0
    while done < count and time.monotonic() < deadline:
        learner = rng.choice(side.learners)
        scenario_id = rng.choice(side.played)
        state, _ = attempts.start_attempt(
            sessions=side.sessions, actor=learner, scenario_id=scenario_id
        )
        question = state.current_question
        while question is not None and done < count:
            answer = pick(question, rng)
            key = uuid.uuid4().hex
            begin = time.perf_counter()
            result = answers.submit_answer(
                sessions=side.sessions,
                actor=learner,
                attempt_id=state.id,
                question_id=question.id,
                idempotency_key=key,
                **answer,
            )
            side.latencies_s.append(time.perf_counter() - begin)
            done += 1
            question = result.next_question


# --- EXPLAIN ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    use_case: str
    statement: str
    key_lines: list[str]
    seq_scans: list[str]


_SEQ = re.compile(r"Seq Scan on (\w+)")


def explain_all(engine: Engine, content: Content, learner: Principal) -> list[Plan]:
    """Capture each use case's statements and EXPLAIN them (no ANALYZE)."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    scenario_id = content.played[0]
    state_box: dict[str, Any] = {}

    def start() -> object:
        state, _ = attempts.start_attempt(
            sessions=sessions, actor=learner, scenario_id=scenario_id, restart=True
        )
        state_box["state"] = state
        return state

    def resume() -> object:
        return attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)

    def view() -> object:
        return attempts.get_attempt(
            sessions=sessions, actor=learner, attempt_id=state_box["state"].id
        )

    def answer() -> object:
        state = attempts.get_attempt(
            sessions=sessions, actor=learner, attempt_id=state_box["state"].id
        )
        question = state.current_question
        assert question is not None
        key = uuid.uuid4().hex
        state_box["last"] = (question, key)
        with capturing(engine) as seen:
            result = answers.submit_answer(
                sessions=sessions,
                actor=learner,
                attempt_id=state.id,
                question_id=question.id,
                idempotency_key=key,
                labels=[question.choices[0].label] if question.choices else [],
                text=None if question.choices else "hazard",
            )
        state_box["answer_sql"] = seen
        return result

    def retry() -> object:
        question, key = state_box["last"]
        return answers.submit_answer(
            sessions=sessions,
            actor=learner,
            attempt_id=state_box["state"].id,
            question_id=question.id,
            idempotency_key=key,
            labels=[question.choices[0].label] if question.choices else [],
            text=None if question.choices else "hazard",
        )

    def history() -> object:
        return answers.attempt_history(
            sessions=sessions, actor=learner, attempt_id=state_box["state"].id
        )

    with sessions() as session:
        version_id = session.execute(
            text("SELECT latest_version_id FROM scenarios WHERE id = :id"), {"id": scenario_id}
        ).scalar_one()

    def read_version() -> object:
        with sessions() as session:
            return VersionCache().get(session, version_id)  # a cold cache: the real read

    def read_draft() -> object:
        return scenarios.get_scenario(
            sessions=sessions, actor=content.author, scenario_id=scenario_id
        )

    def history_list() -> object:
        return attempts.list_attempts(sessions=sessions, actor=learner, scenario_id=scenario_id)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("start an attempt", start),
        ("resume an attempt", resume),
        ("view an attempt", view),
        ("answer", answer),
        ("answer retried (same key)", retry),
        ("attempt history", history),
        ("list my attempts", history_list),
        ("read a version (cold cache)", read_version),
        ("read a scenario (author)", read_draft),
    ]
    plans: list[Plan] = []
    raw = engine.raw_connection()
    try:
        for name, action in cases:
            with capturing(engine) as seen:
                action()
            if name == "answer":
                seen = state_box["answer_sql"]
            for statement, params in seen:
                row = params[0] if isinstance(params, list | tuple) and params else params
                cursor = raw.cursor()
                cursor.execute("EXPLAIN (COSTS OFF) " + statement, row or None)
                lines = [r[0] for r in cursor.fetchall()]
                cursor.close()
                plans.append(
                    Plan(
                        name,
                        " ".join(statement.split())[:160],
                        [
                            line.strip()
                            for line in lines
                            if "Scan" in line or "Insert" in line or "Update" in line
                        ],
                        [t for line in lines for t in _SEQ.findall(line) if t in HOT_TABLES],
                    )
                )
            raw.rollback()
    finally:
        raw.close()
    return plans


_TRIGGER = re.compile(r"Trigger for constraint (\w+)(?: on \w+)?: time=([\d.]+) calls=(\d+)")


def deletion_triggers(engine: Engine, content: Content) -> list[tuple[str, float, int]]:
    """What deleting one draft question costs in foreign-key checks (rolled back): each
    referencing column without an index makes PostgreSQL scan that whole table."""
    with engine.connect() as conn:
        question_id = conn.execute(
            text(
                "SELECT id FROM questions WHERE scenario_id = :s AND version_id IS NULL "
                "ORDER BY position DESC LIMIT 1"
            ),
            {"s": content.played[0]},
        ).scalar_one()
        lines = conn.execute(
            text("EXPLAIN ANALYZE DELETE FROM questions WHERE id = :id"),
            {"id": question_id},
        ).scalars()
        found = [_TRIGGER.search(line) for line in lines]
        conn.rollback()
    triggers = [(m.group(1), float(m.group(2)), int(m.group(3))) for m in found if m]
    return sorted(triggers, key=lambda t: -t[1])


# --- the benchmark ----------------------------------------------------------------------------


@contextlib.contextmanager
def two_databases(server: URL) -> Iterator[tuple[URL, URL]]:
    with (
        fresh_database(server, "quizflow_bench_scale_empty") as empty,
        fresh_database(server, "quizflow_bench_scale_full") as full,
    ):
        yield empty, full


def measure(*, rounds: int = ROUNDS, per_round: int = ANSWERS_PER_ROUND) -> dict[str, Any]:
    settings = Settings()
    console = Console(width=max(Console().width, 130))
    with two_databases(server_url()) as (empty_url, full_url):
        engines = [create_db_engine(u, settings) for u in (empty_url, full_url)]
        try:
            contents = [build_content(e) for e in engines]
            console.print("filling the full database …", style="dim")
            filled = fill(engines[1], contents[1], lambda line: console.print(line, style="dim"))
            # The empty database keeps the statistics a new deployment has: autovacuum's.
            sides = [
                Side(
                    name,
                    engine,
                    sessionmaker(bind=engine, expire_on_commit=False),
                    learners_on(engine, filled=name == "filled"),
                    content.played,
                    [],
                )
                for name, engine, content in zip(
                    ("empty", "filled"), engines, contents, strict=True
                )
            ]
            rng = random.Random(11)
            for side in sides:  # warm-up: caches, pools, prepared statements
                play_answers(side, 100, rng)
                side.latencies_s.clear()
            load = []
            round_ratios = []
            for n in range(rounds):
                load.append(os.getloadavg()[0])
                medians = {}
                for side in sides if n % 2 == 0 else sides[::-1]:
                    before = len(side.latencies_s)
                    play_answers(side, per_round, random.Random(n))
                    medians[side.name] = statistics.median(side.latencies_s[before:])
                round_ratios.append(round(medians["filled"] / medians["empty"], 3))
            plans = explain_all(engines[1], contents[1], sides[1].learners[0])
            triggers = deletion_triggers(engines[1], contents[1])
        finally:
            for engine in engines:
                engine.dispose()
    stats = {
        side.name: {
            "answers": len(side.latencies_s),
            "p50_ms": round(percentile_ms(side.latencies_s, 50), 3),
            "p95_ms": round(percentile_ms(side.latencies_s, 95), 3),
            "p99_ms": round(percentile_ms(side.latencies_s, 99), 3),
            "mean_ms": round(sum(side.latencies_s) * 1000 / max(len(side.latencies_s), 1), 3),
        }
        for side in sides
    }
    ratios = {
        q: round(stats["filled"][f"{q}_ms"] / stats["empty"][f"{q}_ms"], 3)
        for q in ("p50", "p95", "p99")
    }
    ratios["median_of_round_p50s"] = statistics.median(round_ratios)
    return {
        "latency": stats,
        "ratio_filled_vs_empty": ratios,
        "round_p50_ratios": round_ratios,
        "fill": {
            "seconds": round(filled.seconds, 1),
            "vacuum_analyze_seconds": round(filled.analyze_seconds, 1),
            "rows": filled.rows,
            "foreign_key_violations": filled.orphans,
            "foreign_keys": filled.fk_checks,
        },
        "explain": [
            {
                "use_case": p.use_case,
                "statement": p.statement,
                "plan": p.key_lines,
                "seq_scans_on_hot_tables": p.seq_scans,
            }
            for p in plans
        ],
        "delete_a_draft_question": [
            {"trigger": name, "ms": ms, "calls": calls} for name, ms, calls in triggers
        ],
        "loadavg_per_round": load,
        "rounds": rounds,
        "answers_per_round": per_round,
    }


def print_results(payload: dict[str, Any], console: Console) -> None:
    fill_info = payload["fill"]
    rows = ", ".join(f"{n:,} {t}" for t, n in fill_info["rows"].items())
    console.print(
        f"filled in {fill_info['seconds']} s (+ {fill_info['vacuum_analyze_seconds']} s VACUUM "
        f"ANALYZE): {rows}; FK violations: {fill_info['foreign_key_violations']}",
        highlight=False,
    )
    table = Table(
        "database",
        "answers",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        title="B2 — submit_answer latency (service layer, sequential)",
        title_justify="left",
    )
    for name, s in payload["latency"].items():
        table.add_row(
            name,
            str(s["answers"]),
            f"{s['p50_ms']:.2f}",
            f"{s['p95_ms']:.2f}",
            f"{s['p99_ms']:.2f}",
        )
    r = payload["ratio_filled_vs_empty"]
    table.add_row("filled ÷ empty", "", f"{r['p50']:.2f}×", f"{r['p95']:.2f}×", f"{r['p99']:.2f}×")
    console.print(table)
    console.print(
        f"filled ÷ empty p50, round by round: {payload['round_p50_ratios']} "
        f"(median {r['median_of_round_p50s']:.2f}×; target < {TARGET_RATIO}×)",
        highlight=False,
    )
    plans = Table(
        "use case",
        "statement",
        "plan (scans)",
        title="EXPLAIN on the filled database",
        title_justify="left",
    )
    for p in payload["explain"]:
        shown = "; ".join(p["plan"]) or "(no scan)"
        if p["seq_scans_on_hot_tables"]:
            shown = f"[bold red]{shown}[/]"
        plans.add_row(p["use_case"], p["statement"][:60], shown)
    console.print(plans)


def report_of(payload: dict[str, Any]) -> Report:
    seq = [
        f"{p['use_case']}: {t}" for p in payload["explain"] for t in p["seq_scans_on_hot_tables"]
    ]
    r = payload["ratio_filled_vs_empty"]
    return Report(
        "scale",
        "B2 — scale: 100k users, 1M answers, 100k attempts",
        [
            Figure(
                "answer p50, filled ÷ empty",
                r["median_of_round_p50s"],
                "×",
                TARGET_RATIO,
                note=f"median of {len(payload['round_p50_ratios'])} alternating rounds",
            ),
            Figure("Seq Scans on hot tables", len(seq), "", 1, note="; ".join(seq)),
            Figure(
                "foreign-key violations in the fill",
                payload["fill"]["foreign_key_violations"],
                "",
                1,
            ),
            Figure("fill time", payload["fill"]["seconds"], "s", 120),
        ],
        details=payload,
        notes=[
            f"Deleting one draft question on the filled database: {t['trigger']} took "
            f"{t['ms']:.0f} ms (a foreign key whose referencing column has no index scans "
            "its whole table)"
            for t in payload["delete_a_draft_question"]
            if t["ms"] >= 5
        ],
    )


def run(quick: bool = False) -> Report:
    """The benchmark as `python -m bench` runs it."""
    payload = measure(
        rounds=QUICK_ROUNDS if quick else ROUNDS,
        per_round=QUICK_ANSWERS_PER_ROUND if quick else ANSWERS_PER_ROUND,
    )
    print_results(payload, Console(width=max(Console().width, 130)))
    return report_of(payload)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    from bench.common import print_report

    report = run(quick=args.quick)
    console = Console()
    print_report(report, console)
    console.print(f"wrote {write_report(report, machine())}", style="dim")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
