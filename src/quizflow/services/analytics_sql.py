"""The statements behind services/analytics.py: PostgreSQL aggregates, Python sees sums."""

from __future__ import annotations

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


def attempts_cte(*, completed: bool, in_class: bool, first: bool, columns: str) -> str:
    where = "p.version_id = :version_id"
    if completed:
        where += " AND p.status = 'completed'"
    return (
        f"SELECT {columns} FROM user_progress p WHERE {where}"
        + (_IN_CLASS if in_class else "")
        + (_FIRST if first else "")
    )


def items_sql(*, in_class: bool, first: bool) -> tuple[str, str]:
    # Thirds by total score (ntile), for the distractors strong learners fall for.
    counted = attempts_cte(
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


def paths_sql(*, in_class: bool) -> str:
    every = attempts_cte(
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


def scores_sql(*, in_class: bool) -> str:
    counted = attempts_cte(completed=True, in_class=in_class, first=False, columns="p.score")
    return f"SELECT score, count(*) AS n FROM ({counted}) c GROUP BY score"
