"""A worker loop in a background thread: what `quizflow serve` runs beside the API (xAPI
delivery, analytics recounts). The loop takes a stop event and finishes its step when set."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class WorkerThread:
    def __init__(self, name: str, loop: Callable[[threading.Event], object]) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=loop, args=(self._stop,), name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 15.0) -> bool:
        """Ask the worker to finish its step and stop; True when it has stopped in time."""
        self._stop.set()
        started = time.monotonic()
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.warning(
                "%s thread still busy after %.0f s", self._thread.name, time.monotonic() - started
            )
            return False
        return True
