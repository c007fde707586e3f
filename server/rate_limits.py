"""Rate limits (the `limits` package) counted in the server's own Redis, so every process shares them.

A rule is a name from config.RATE_LIMIT_DEFAULTS with one or more moving windows: "5/minute;20/hour"
lets five attempts through a minute and twenty through an hour, so a guesser who waits out the
first window meets the second (the backoff). Each attempt is counted before the work it guards,
which is what keeps a login flood from buying password hashes.
"""

import hashlib
import math
import time

from limits import parse_many
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

from .domain import RateLimited


def account_key(email: str) -> str:
    """An e-mail address as a limit identifier: normalized, and not kept readable in Redis."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


class RateLimits:
    def __init__(self, store, rules: dict[str, str]):
        storage = RedisStorage(store.url, connection_pool=store.redis.connection_pool, key_prefix="hetki:limits")
        self.limiter = MovingWindowRateLimiter(storage)
        self.rules = {name: parse_many(text) if text.strip() else [] for name, text in rules.items()}

    def hit(self, name: str, *identifiers: str) -> None:
        """Counts one attempt at `name` by `identifiers`; RateLimited when a window of it is full."""
        for item in self.rules[name]:
            if not self.limiter.hit(item, name, *identifiers):
                reset_at = self.limiter.get_window_stats(item, name, *identifiers).reset_time
                raise RateLimited(retry_after=max(1, math.ceil(reset_at - time.time())))

    def clear(self, name: str, *identifiers: str) -> None:
        """Forgets the attempts of `identifiers` at `name` (a right password ends the backoff)."""
        for item in self.rules[name]:
            self.limiter.clear(item, name, *identifiers)

    def sign_in(self, client_address: str, email: str) -> None:
        """Counts a sign-in attempt per client address and per account, before any hashing."""
        self.hit("login_ip", client_address or "unknown")
        self.hit("login_account", account_key(email))

    def signed_in(self, email: str) -> None:
        self.clear("login_account", account_key(email))
