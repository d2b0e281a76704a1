"""A light load generator: simulated learners playing a scenario over HTTP, in one asyncio loop.

Two clients, both HTTP/1.1 with one keep-alive connection per learner: `raw` (the default), a
minimal client on asyncio streams that costs a fraction of a millisecond of CPU per request,
and `httpx`, the general-purpose client, which costs several times more — CPU taken from the
server and PostgreSQL on a small machine. Run both to see the difference.

Each learner starts (or resumes) an attempt, answers every question it is given until the
scenario completes, and starts again, until the time is up. Answers are chosen at random (one
label, a random non-empty set for multi-select, a sentence for free text), so the paths through
a branching scenario vary. Only answers completed inside the measuring window count; the
warm-up before it fills the server's pools and caches.

The generator shares the machine with the server and PostgreSQL, so it measures its own CPU
time too: `cpu_s / wall_s` is how much of one core it took from them.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

#: Free-text answers: some mention the hazard (one branch), some do not (the other).
SENTENCES = (
    "Into a labelled hazardous waste container.",
    "It goes with the chemical waste.",
    "In the ordinary bin.",
    "I rinse it down the sink.",
)
#: No learner keeps one request waiting longer than this.
REQUEST_TIMEOUT_S = 10.0
#: A guard on top of the deadline: no learner loops more often than this.
MAX_REQUESTS_PER_LEARNER = 1_000_000


@dataclass(slots=True)
class LoadResult:
    """What the learners did inside the measuring window."""

    learners: int
    window_s: float
    answers: int = 0
    starts: int = 0
    completed: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    #: Seconds per answer request, in the window.
    latencies_s: list[float] = field(default_factory=list)
    #: The generator's own CPU seconds (user + system) in the window.
    cpu_s: float = 0.0
    #: Changes of the caller's counters (see `play`'s `counters`) over the window.
    counters: dict[str, float] = field(default_factory=dict)

    @property
    def answers_per_s(self) -> float:
        return self.answers / self.window_s if self.window_s else 0.0

    @property
    def cpu_share(self) -> float:
        """The generator's CPU time ÷ wall time: 0.5 is half of one core."""
        return self.cpu_s / self.window_s if self.window_s else 0.0


def choose(question: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A random but valid answer body for a question as the learner sees it."""
    labels = [c["label"] for c in question["choices"]]
    if not question["is_multiple_choice"] or not labels:
        return {"question_id": question["id"], "text": rng.choice(SENTENCES)}
    if question["multi_select"]:
        picked = sorted(rng.sample(labels, rng.randint(1, len(labels))))
        return {"question_id": question["id"], "choices": picked}
    return {"question_id": question["id"], "choices": [rng.choice(labels)]}


class Client(Protocol):
    """POST a JSON body, get (status, parsed JSON body) back; raises OSError / httpx errors."""

    async def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]: ...

    async def close(self) -> None: ...


class RawClient:
    """One keep-alive HTTP/1.1 connection, one request at a time, Content-Length bodies only."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]:
        try:
            return await asyncio.wait_for(self._post(path, body, headers), REQUEST_TIMEOUT_S)
        except BaseException:
            await self.close()  # the connection's state is unknown now: start afresh
            raise

    async def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port)
        reader, writer = self._streams
        payload = json.dumps(body).encode()
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self._host}\r\n{head}"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
            + payload
        )
        status_line, _, header_block = (await reader.readuntil(b"\r\n\r\n")).partition(b"\r\n")
        length = 0
        close = False
        for line in header_block.split(b"\r\n"):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
            elif name == b"transfer-encoding":
                raise OSError("chunked responses are not supported by the raw client")
        data = await reader.readexactly(length)
        if close:
            await self.close()
        return int(status_line.split()[1]), json.loads(data) if data else None

    async def close(self) -> None:
        if self._streams is not None:
            writer = self._streams[1]
            self._streams = None
            writer.close()


class HttpxClient:
    """The same over a shared httpx.AsyncClient (its pool keeps one connection per learner)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]:
        reply = await self._client.post(path, json=body, headers=headers)
        return reply.status_code, reply.json() if reply.content else None

    async def close(self) -> None:
        return None


class _Window:
    """The measuring window, and what was counted in it."""

    def __init__(self, start: float, end: float, result: LoadResult) -> None:
        self.start = start
        self.end = end
        self.result = result

    def inside(self, sent: float, done: float) -> bool:
        return sent >= self.start and done <= self.end

    def error(self, what: str) -> None:
        self.result.errors += 1
        if len(self.result.error_samples) < 5:
            self.result.error_samples.append(what[:300])


async def _learner(
    client: Client,
    token: str,
    scenario_id: str,
    window: _Window,
    rng: random.Random,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    clock = time.perf_counter
    for _ in range(MAX_REQUESTS_PER_LEARNER):
        if clock() >= window.end:
            return
        sent = clock()
        try:
            status, attempt = await client.post("/attempts", {"scenario_id": scenario_id}, headers)
        except (TimeoutError, OSError, ValueError, httpx.HTTPError) as exc:
            window.error(f"start: {exc!r}")
            await asyncio.sleep(0.05)
            continue
        if status not in (200, 201):
            window.error(f"start {status}: {attempt}")
            await asyncio.sleep(0.05)
            continue
        if window.inside(sent, clock()):
            window.result.starts += 1
        path = f"/attempts/{attempt['id']}/answers"
        question = attempt["current_question"]
        while question is not None and clock() < window.end:
            body = choose(question, rng)
            key = {"Idempotency-Key": uuid.uuid4().hex}
            sent = clock()
            try:
                status, result = await client.post(path, body, headers | key)
            except (TimeoutError, OSError, ValueError, httpx.HTTPError) as exc:
                window.error(f"answer: {exc!r}")
                break
            done = clock()
            if status != 201:
                window.error(f"answer {status}: {result}")
                break  # start (resume) again: the attempt knows where it stands
            if window.inside(sent, done):
                window.result.answers += 1
                window.result.latencies_s.append(done - sent)
            question = result["next_question"]
            if result["completed"] and window.inside(sent, done):
                window.result.completed += 1


async def play(
    base_url: str,
    tokens: list[str],
    scenario_id: str,
    *,
    warmup_s: float,
    duration_s: float,
    seed: int = 1,
    client: str = "raw",
    counters: Callable[[], dict[str, float]] | None = None,
) -> LoadResult:
    """Run one learner per token for `warmup_s + duration_s`; count the last `duration_s`.

    `client` is "raw" (asyncio streams) or "httpx". `counters`, read at the start and the end
    of the window, gives cumulative figures (CPU seconds of the server…) to report the change of.
    """
    result = LoadResult(learners=len(tokens), window_s=duration_s)
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_S, http2=False
    ) as shared:
        clients: list[Client] = [
            RawClient(base_url) if client == "raw" else HttpxClient(shared) for _ in tokens
        ]
        begin = time.perf_counter()
        window = _Window(begin + warmup_s, begin + warmup_s + duration_s, result)
        master = random.Random(seed)
        tasks = [
            asyncio.create_task(
                _learner(each, token, scenario_id, window, random.Random(master.random()))
            )
            for each, token in zip(clients, tokens, strict=True)
        ]
        await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
        cpu_before = _cpu_seconds()
        before = counters() if counters else {}
        await asyncio.sleep(max(0.0, window.end - time.perf_counter()))
        result.cpu_s = _cpu_seconds() - cpu_before
        after = counters() if counters else {}
        result.counters = {name: after[name] - before[name] for name in before}
        # Learners stop by themselves at the deadline; a stuck request is bounded by its timeout.
        done, pending = await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT_S + 5)
        for task in pending:
            task.cancel()
        for task in done:
            if task.exception() is not None:
                window.error(f"learner crashed: {task.exception()!r}")
        for each in clients:
            await each.close()
    return result


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system
