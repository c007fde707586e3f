"""Whether Redis answers: a small breaker in front of every command of one connection pool.

A frozen Redis (SIGSTOP, a stalled disk, a host gone quiet) accepts connections and answers
nothing, so each command would wait out its whole socket timeout, and a hall's worth of phones
would all wait together. Once one command has timed out, the ones after it are refused at once
(NotAnswering, a redis ConnectionError: the handlers turn it into `redis_unavailable`, which the
phone retries on) for `window` seconds. Then the first caller goes through as the probe while the
others are still refused: a reply closes the breaker, another timeout opens it for another window.
A frozen Redis costs one wait per window, not one per request.

Only timeouts open it: a refused connection (Redis down) already fails at once, and a Redis that
restarted must not be refused for a window after it answers again.
"""

import logging
import threading
import time

from redis.exceptions import ConnectionError as RedisConnectionError

log = logging.getLogger("hetki.store")


class NotAnswering(RedisConnectionError):
    """Refused without asking Redis: it did not answer a moment ago."""


class RedisHealth:
    """Thread and greenlet safe (the lock is only taken while Redis is failing); while Redis
    answers, a command costs one attribute read here."""

    def __init__(self, window: float = 1.0, probe_seconds: float = 3.0):
        self.window = window
        self.probe_seconds = probe_seconds  # a probe that never reports back is replaced after this
        self.failing = False
        self._until = 0.0  # monotonic time before which everyone but the probe is refused
        self._prober: int | None = None  # thread (or green thread) ident of the current probe
        self._lock = threading.Lock()

    def refusing(self) -> bool:
        """Whether a command now would be refused (without taking the probe's place)."""
        return self.failing and time.monotonic() < self._until

    def check(self) -> None:
        """Raises NotAnswering while Redis is known not to answer; once the window is over, the
        first caller becomes the probe and goes on (as do its own further commands)."""
        if not self.failing:
            return
        ident = threading.get_ident()
        with self._lock:
            if not self.failing or self._prober == ident:
                return
            now = time.monotonic()
            if now < self._until:
                raise NotAnswering("Redis did not answer a moment ago.")
            self._prober, self._until = ident, now + self.probe_seconds

    def answered(self) -> None:
        if not self.failing:
            return
        with self._lock:
            was, self.failing, self._prober = self.failing, False, None
        if was:
            log.warning("Redis answers again")

    def timed_out(self) -> None:
        with self._lock:
            was, self.failing, self._prober = self.failing, True, None
            self._until = time.monotonic() + self.window
        if not was:
            log.error("Redis does not answer: its commands are refused for %.1f s at a time until it does", self.window)
