"""Per-address limits on the endpoints that let a stranger try things: signing in and up,
redeeming links, asking for reset mail, the OIDC round trip.

The per-account lock-out (services/credentials.py) stops guessing one account's password;
this stops one address from trying many accounts, many links or many mails. Each endpoint
has a sliding window per client address, in this process's memory: with several processes
each counts on its own, which multiplies the allowance by their number but never locks anyone
out for longer. The table holds at most MAX_ADDRESSES addresses (the least recently seen go
first), so a flood of spoofed or rotating addresses cannot grow it without bound.

The client's address is the peer's, unless QUIZFLOW_TRUSTED_PROXIES says how many proxies in
front of us append to X-Forwarded-For (CloudFront, then API Gateway): then it is the entry
that the farthest trusted proxy added. Entries left of it are whatever the client sent, and
never trusted.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from typing import Final

from fastapi import Depends, Request, params

from quizflow.errors import TooManyAttemptsError
from quizflow.settings import Settings

MAX_ADDRESSES: Final = 10_000


class SlidingWindow:
    """At most `limit` hits per key in any `window_s` seconds."""

    def __init__(
        self,
        *,
        limit: int,
        window_s: float,
        clock: Callable[[], float],
        max_keys: int = MAX_ADDRESSES,
    ) -> None:
        self.limit, self.window_s, self.clock, self.max_keys = limit, window_s, clock, max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()  # sync routes run on many worker threads

    def __len__(self) -> int:
        return len(self._hits)

    def hit(self, key: str) -> float | None:
        """Count a hit; None when it is allowed, else the seconds until one would be."""
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque(maxlen=self.limit)
                while len(self._hits) > self.max_keys:
                    self._hits.popitem(last=False)
            else:
                self._hits.move_to_end(key)
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window_s - now
            hits.append(now)
            return None


def client_address(request: Request, trusted_proxies: int) -> str:
    peer = request.client.host if request.client is not None else "unknown"
    if trusted_proxies == 0:
        return peer
    forwarded = [
        hop.strip()
        for value in request.headers.getlist("x-forwarded-for")
        for hop in value.split(",")
        if hop.strip()
    ]
    if len(forwarded) < trusted_proxies:
        return peer  # not through all our proxies: the header may be anyone's
    return forwarded[-trusted_proxies]


def limiter(
    request: Request, name: str, *, limit: int | None = None, window_s: float | None = None
) -> SlidingWindow:
    """The app's window named `name`, made on first use (the settings' allowance unless
    `limit` and `window_s` are given)."""
    state = request.app.state
    limits: dict[str, SlidingWindow] | None = getattr(state, "rate_limits", None)
    if limits is None:
        limits = state.rate_limits = {}
    found = limits.get(name)
    if found is None:
        settings: Settings = state.settings
        found = limits[name] = SlidingWindow(
            limit=limit or settings.auth_rate_limit,
            window_s=window_s or settings.auth_rate_window_s,
            clock=state.clock,
        )
    return found


def per_address(name: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency that answers 429 (with Retry-After) past the endpoint's allowance."""

    async def check(request: Request) -> None:
        settings: Settings = request.app.state.settings
        wait = limiter(request, name).hit(client_address(request, settings.trusted_proxies))
        if wait is not None:
            seconds = max(1, math.ceil(wait))
            raise TooManyAttemptsError(
                f"too many requests from your address: try again in {seconds} s",
                retry_after_s=seconds,
            )

    check.__name__ = f"limit_{name.replace('-', '_')}"
    return check


def limited(name: str) -> list[params.Depends]:
    """For a route's `dependencies=`: the per-address limit named `name`."""
    return [Depends(per_address(name))]
