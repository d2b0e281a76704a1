"""Simulated learners that play a scenario over HTTP, retrying the way a real client would,
and the check that nothing they were told was saved has been lost.

A learner answers each question with a fresh Idempotency-Key. Some answers (the retry share)
are sent twice: at once (two concurrent requests), after the first response, or after a
timeout forced by a tiny client timeout. A 503 is retried with the same key after its
Retry-After; any other failure, and any 5xx but 503, is a contract breach written to the report.

Each learner is a thread on one urllib3 pool: an eighth of httpx's CPU per request, which
matters when the load generator shares two cores with the server and PostgreSQL.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import urllib3
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.flow.model import Response
from quizflow.flow.resolver import replay
from quizflow.services.content import versions
from tests.reliability.harness import Caller
from tests.reliability.summary import SUMMARY

RETRY_AFTER_CAP_S = 1.0
TINY_TIMEOUT_S = (0.001, 0.03)
REQUEST_TIMEOUT_S = 60.0


class LearnerStoppedError(Exception):
    """A learner met a response no retry can fix; the reason is in the report."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class LearnerLog:
    attempt_id: uuid.UUID | None = None
    sent_keys: set[str] = field(default_factory=set)
    #: Idempotency-Key -> the answer id a 2xx response acknowledged.
    acknowledged: dict[str, uuid.UUID] = field(default_factory=dict)
    finished: bool = False


@dataclass
class LoadReport:
    logs: dict[uuid.UUID, LearnerLog] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    acknowledged: int = 0
    timeouts_forced: int = 0
    slowest_s: float = 0.0
    #: How long each answer (POST …/answers, without a forced timeout) took to get a response.
    answer_latencies_s: list[float] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return sum(log.finished for log in self.logs.values())


class Crowd:
    """Learners playing one published scenario at once, each in its own thread."""

    def __init__(
        self,
        base_url: str,
        scenario_id: uuid.UUID,
        learners: Sequence[Caller],
        *,
        seed: int,
        retry_share: float = 0.2,
        deadline_s: float = 120.0,
    ) -> None:
        address = urlsplit(base_url)
        assert address.hostname == "127.0.0.1", "loopback only"
        self.pool = urllib3.HTTPConnectionPool(
            address.hostname,
            address.port,
            maxsize=2 * len(learners) + 8,
            timeout=urllib3.Timeout(total=REQUEST_TIMEOUT_S),
            retries=False,  # every retry is ours, and counted
        )
        self.duplicates = ThreadPoolExecutor(max_workers=len(learners))
        self.scenario_id = scenario_id
        self.learners = learners
        self.seed = seed
        self.retry_share = retry_share
        self.deadline = time.monotonic() + deadline_s
        self.report = LoadReport(logs={learner.user_id: LearnerLog() for learner in learners})
        self._lock = threading.Lock()

    def __enter__(self) -> Crowd:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.duplicates.shutdown(wait=True, cancel_futures=True)
        self.pool.close()

    def run(self, inject: Callable[[Crowd], None] | None = None) -> LoadReport:
        """Play every learner to the end (or the deadline) while `inject` runs alongside."""
        threads = [
            threading.Thread(target=self._play, args=(learner, random.Random(self.seed + n)))
            for n, learner in enumerate(self.learners)
        ]
        if inject is not None:
            threads.append(threading.Thread(target=self._inject, args=(inject,)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, self.deadline - time.monotonic()) + REQUEST_TIMEOUT_S)
            if thread.is_alive():
                self.problem(f"{thread.name} still running after the deadline")
        return self.report

    def problem(self, text: str) -> None:
        with self._lock:
            if len(self.report.problems) < 200:
                self.report.problems.append(text)

    def _inject(self, inject: Callable[[Crowd], None]) -> None:
        try:
            inject(self)
        except Exception as exc:
            self.problem(f"fault injection failed: {exc!r}")

    # -- one learner

    def _play(self, learner: Caller, rng: random.Random) -> None:
        try:
            self._play_to_the_end(learner, rng)
        except LearnerStoppedError:
            pass  # already in the report
        except Exception as exc:
            self.problem(f"learner {learner.user_id}: {exc!r}")

    def _play_to_the_end(self, learner: Caller, rng: random.Random) -> None:
        log = self.report.logs[learner.user_id]
        body = {"scenario_id": str(self.scenario_id)}
        started = self._until_acknowledged(learner, rng, "POST", "/attempts", body, {})
        log.attempt_id = uuid.UUID(started["id"])
        question = started["current_question"]
        result: dict[str, Any] = {}
        while question is not None:
            result = self._answer(learner, rng, log, uuid.UUID(question["id"]))
            question = result["next_question"]
        final = self._until_acknowledged(
            learner, rng, "GET", f"/attempts/{log.attempt_id}", None, {}
        )
        if final["status"] != "completed" or final["score"] != result.get("total_score"):
            self.problem(
                f"attempt {log.attempt_id} ended as {final['status']} with score "
                f"{final['score']}, the last answer said {result.get('total_score')}"
            )
        log.finished = True

    def _answer(
        self, learner: Caller, rng: random.Random, log: LearnerLog, question_id: uuid.UUID
    ) -> dict[str, Any]:
        key = uuid.uuid4().hex
        log.sent_keys.add(key)
        body = {"question_id": str(question_id), "choices": [rng.choice("AB")]}
        headers = {"Idempotency-Key": key}
        path = f"/attempts/{log.attempt_id}/answers"
        roll = rng.random()
        third = self.retry_share / 3
        if roll < third:
            SUMMARY.retry("concurrent duplicate")
            twin = self.duplicates.submit(self._send, learner, "POST", path, body, headers)
            first = [self._send(learner, "POST", path, body, headers), twin.result()]
        elif roll < 2 * third:
            SUMMARY.retry("sequential duplicate")
            first = [self._send(learner, "POST", path, body, headers)]
            first.append(self._send(learner, "POST", path, body, headers))
        elif roll < self.retry_share:
            SUMMARY.retry("after a forced client timeout")
            tiny = rng.uniform(*TINY_TIMEOUT_S)
            first = [self._send(learner, "POST", path, body, headers, timeout=tiny)]
        else:
            first = [self._send(learner, "POST", path, body, headers)]
        acknowledged = self._acknowledge(log, key, path, first)
        if acknowledged is not None:
            return acknowledged
        return self._until_acknowledged(learner, rng, "POST", path, body, headers, log=log)

    def _acknowledge(
        self, log: LearnerLog | None, key: str | None, path: str, replies: Sequence[Reply | None]
    ) -> dict[str, Any] | None:
        """The body of the first 2xx among `replies`; breaches of contract are reported."""
        good: dict[str, Any] | None = None
        for reply in replies:
            if reply is None or reply.status == 503:
                continue
            if reply.status not in (200, 201):
                self.problem(f"{reply.status} on {path}: {reply.body[:300]!r}")
                raise LearnerStoppedError
            data: dict[str, Any] = reply.json()
            if log is not None and key is not None:
                answer_id = uuid.UUID(data["answer_id"])
                earlier = log.acknowledged.get(key)
                if earlier is None:
                    log.acknowledged[key] = answer_id
                    with self._lock:
                        self.report.acknowledged += 1
                elif earlier != answer_id:
                    self.problem(f"key {key} acknowledged as {earlier} and {answer_id}")
                if reply.status == 200 and not data["replayed"]:
                    self.problem(f"a 200 for key {key} that is not a replay")
            good = good or data
        return good

    def _until_acknowledged(
        self,
        learner: Caller,
        rng: random.Random,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        headers: dict[str, str],
        *,
        log: LearnerLog | None = None,
    ) -> dict[str, Any]:
        """Send until a 2xx, retrying 503s and lost responses; bounded by the deadline."""
        key = headers.get("Idempotency-Key")
        while time.monotonic() < self.deadline:
            reply = self._send(learner, method, path, body, headers)
            acknowledged = self._acknowledge(log, key, path, [reply])
            if acknowledged is not None:
                return acknowledged
            SUMMARY.retry("503 or no response, same key")
            time.sleep(self._backoff(reply, rng))
        self.problem(f"learner {learner.user_id}: {method} {path} not done by the deadline")
        raise LearnerStoppedError

    @staticmethod
    def _backoff(reply: Reply | None, rng: random.Random) -> float:
        if reply is None:
            return rng.uniform(0.01, 0.05)
        advised = float(reply.headers.get("retry-after", "1"))
        # Honour the server's advice, capped so the suite stays short, with jitter.
        return min(advised, RETRY_AFTER_CAP_S) * rng.uniform(0.5, 1.0)

    def _send(
        self,
        learner: Caller,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        headers: dict[str, str],
        *,
        timeout: float | None = None,
    ) -> Reply | None:
        """One request; None when no response came (only expected with a forced timeout)."""
        SUMMARY.request_sent()
        began = time.monotonic()
        try:
            raw = self.pool.request(
                method,
                path,
                body=None if body is None else json.dumps(body).encode(),
                headers={**learner.headers, **headers, "Content-Type": "application/json"},
                timeout=urllib3.Timeout(total=timeout or REQUEST_TIMEOUT_S),
                retries=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            if timeout is None:
                self.problem(f"no response to {method} {path}: {exc!r}")
            with self._lock:
                self.report.timeouts_forced += timeout is not None
            return None
        reply = Reply(raw.status, raw.headers, raw.data)
        SUMMARY.response(reply.status)
        took = time.monotonic() - began
        with self._lock:
            self.report.slowest_s = max(self.report.slowest_s, took)
            self.report.statuses[reply.status] += 1
            if timeout is None and method == "POST" and path.endswith("/answers"):
                self.report.answer_latencies_s.append(took)
        if reply.status == 503:
            if not reply.headers.get("retry-after"):
                self.problem(f"503 without Retry-After on {method} {path}")
        elif reply.status >= 500:
            self.problem(f"{reply.status} on {method} {path}: {reply.body[:300]!r}")
        return reply


@dataclass
class Verdict:
    acknowledged: int
    stored: int
    lost: int
    attempts_replayed: int
    problems: list[str]


def verify_nothing_lost(sessions: sessionmaker[Session], report: LoadReport) -> Verdict:
    """Compare what the learners were told with what the database holds, and replay it.

    Every acknowledged answer is stored exactly once under its (user, Idempotency-Key); every
    stored answer was sent; each answer has all its choices; replaying an attempt's answers
    through the flow core gives exactly its stored current question and score.
    """
    problems: list[str] = []
    user_ids = list(report.logs)
    with sessions() as session:
        answers = list(session.scalars(select(orm.Answer).where(orm.Answer.user_id.in_(user_ids))))
        labels: dict[uuid.UUID, list[str]] = {a.id: [] for a in answers}
        for answer_id, label in session.execute(
            select(orm.t_answer_choices.c.answer_id, orm.Choice.label)
            .join(orm.Choice, orm.Choice.id == orm.t_answer_choices.c.choice_id)
            .where(orm.t_answer_choices.c.answer_id.in_(list(labels)))
        ):
            labels[answer_id].append(label)
        attempts = {
            p.id: p
            for p in session.scalars(
                select(orm.UserProgress).where(orm.UserProgress.user_id.in_(user_ids))
            )
        }
        flows = {p.version_id: versions.get(session, p.version_id).flow for p in attempts.values()}

    stored: dict[tuple[uuid.UUID, str | None], list[orm.Answer]] = {}
    for answer in answers:
        stored.setdefault((answer.user_id, answer.idempotency_key), []).append(answer)
        if answer.idempotency_key not in report.logs[answer.user_id].sent_keys:
            problems.append(f"answer {answer.id} has key {answer.idempotency_key}: never sent")
        if len(labels[answer.id]) != 1:
            problems.append(f"answer {answer.id} has {len(labels[answer.id])} choices, not 1")
    for rows in stored.values():
        if len(rows) > 1:
            problems.append(f"key {rows[0].idempotency_key} stored {len(rows)} times")

    acknowledged = lost = found = 0
    for user_id, log in report.logs.items():
        for key, answer_id in log.acknowledged.items():
            acknowledged += 1
            rows = stored.get((user_id, key), [])
            if not rows:
                lost += 1
                problems.append(f"acknowledged answer {answer_id} (key {key}) is not stored")
            elif rows[0].id != answer_id:
                problems.append(
                    f"key {key} was acknowledged as {answer_id}, stored as {rows[0].id}"
                )
            else:
                found += 1

    by_attempt: dict[uuid.UUID, list[orm.Answer]] = {}
    for answer in answers:
        by_attempt.setdefault(answer.progress_id, []).append(answer)
    for attempt in attempts.values():
        played = sorted(by_attempt.get(attempt.id, []), key=lambda a: (a.created_at, a.id))
        try:
            current, score = replay(
                flows[attempt.version_id],
                [
                    (str(a.question_id), Response(labels=frozenset(labels[a.id]), text=a.free_text))
                    for a in played
                ],
            )
        except Exception as exc:
            problems.append(f"attempt {attempt.id} does not replay: {exc}")
            continue
        stored_current = str(attempt.current_question_id) if attempt.current_question_id else None
        if (current, score) != (stored_current, attempt.score):
            problems.append(
                f"attempt {attempt.id}: replay gives ({current}, {score}), "
                f"stored ({stored_current}, {attempt.score})"
            )
        completed = attempt.status == orm.ProgressStatus.COMPLETED
        if completed != (current is None):
            problems.append(f"attempt {attempt.id} is {attempt.status.value} at {stored_current}")
    return Verdict(acknowledged, found, lost, len(attempts), problems)
