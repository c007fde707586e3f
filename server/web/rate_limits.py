"""Rate limits counted in the server's own Redis, so every process shares them.

A rule is a name from config.RATE_LIMIT_DEFAULTS with one or more moving windows: "5/minute;20/hour"
lets five attempts through a minute and twenty through an hour, so a guesser who waits out the
first window meets the second (the backoff). Each attempt is counted before the work it guards,
which is what keeps a login flood from buying password hashes.

Sign-ins (OWASP's authentication cheat sheet): every attempt counts per client address (a flood
guard); failures count per account-and-address, and per account from addresses that have never
signed in to it (or per device cookie, which a sign-in through the form leaves in the browser). So
a guesser elsewhere, however many addresses they use, meets the account-wide limit, while the
owner's own addresses and browser never do: failures elsewhere cannot lock the owner out. A
right password takes its own attempt back, so only failures stay counted; each further failure
from one address waits longer before its answer (the progressive delay).

Joins: every address has a ceiling across events (join_ip), and each event its own per-minute
limit (the event's join_limit setting, sized for a hall behind one NAT); joins past a burst size
from one address in a minute are counted for the organizer to see (store/joins.py).
"""

import hashlib
import math
import secrets
import time
from dataclasses import dataclass, field

from limits import parse_many
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

from ..domain import NotFound, RateLimited

KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600  # an address that signed in stays the owner's this long
BURST_JOINS = 50  # new participants from one address in a minute that the organizer hears about


def account_key(email: str) -> str:
    """An e-mail address as a limit identifier: normalized, and not kept readable in Redis."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def address_key(address: str) -> str:
    return hashlib.sha256((address or "unknown").encode()).hexdigest()[:32]


@dataclass
class SignIn:
    """One sign-in attempt: what it counted, so a right password can take it back."""

    account: str
    address: str
    attempt: str
    failures_here: int = 0  # this account's failed attempts from this address, this one included
    counted: list = field(default_factory=list)


class RateLimits:
    def __init__(self, store, rules: dict[str, str], login_delay_seconds: float = 1.0):
        storage = RedisStorage(store.url, connection_pool=store.redis.connection_pool, key_prefix="hetki:limits")
        self.limiter = MovingWindowRateLimiter(storage)
        self.rules = {name: parse_many(text) if text.strip() else [] for name, text in rules.items()}
        self.store = store
        self.login_delay = login_delay_seconds

    def hit(self, name: str, *identifiers: str) -> None:
        """Counts one attempt at `name` by `identifiers`; RateLimited when a window of it is full."""
        for item in self.rules[name]:
            if not self.limiter.hit(item, name, *identifiers):
                reset_at = self.limiter.get_window_stats(item, name, *identifiers).reset_time
                raise RateLimited(retry_after=max(1, math.ceil(reset_at - time.time())))

    def sign_in(self, client_address: str, email: str, device: str | None = None) -> SignIn:
        """Counts a sign-in attempt before any hashing; RateLimited when a limit it meets is full.
        `device`: the id of a device cookie an earlier sign-in to this account set in the browser."""
        self.hit("login_ip", client_address or "unknown")
        attempt = SignIn(account_key(email), address_key(client_address), secrets.token_hex(8))
        try:
            attempt.failures_here = self._count(attempt, "login_account_ip", f"{attempt.account}:{attempt.address}")
            if not self.store.sign_ins.knows_address(attempt.account, attempt.address):
                self._count(attempt, *self._new_address_limit(attempt, device))
        except RateLimited:
            self._take_back(attempt)
            raise
        return attempt

    def signed_in(self, attempt: SignIn) -> None:
        """A right password: its attempt is not a failure, the owner's typos from this address are
        forgiven, and the address is now the account's own."""
        self._take_back(attempt)
        self.store.sign_ins.forget("login_account_ip", f"{attempt.account}:{attempt.address}")
        self.store.sign_ins.remember_address(attempt.account, attempt.address, KNOWN_ADDRESS_SECONDS)

    def failure_delay(self, attempt: SignIn) -> float:
        """Seconds to hold a wrong password's answer: none for the first failure from an address,
        then 1, 2, 4, 8 steps (LOGIN_DELAY_SECONDS each)."""
        if attempt.failures_here < 2:
            return 0.0
        return self.login_delay * 2 ** min(attempt.failures_here - 2, 3)

    def join(self, event: dict, client_address: str) -> None:
        """Counts a new participant of `event` from `client_address`; RateLimited past the event's
        join_limit a minute (or the address's join_ip across events)."""
        address = client_address or "unknown"
        self.hit("join_ip", address)
        admitted, number = self.store.joins.admit(event["id"], address_key(address), event["join_limit"], BURST_JOINS)
        if admitted < 0:
            raise NotFound("No such event.", code="event_not_found")
        if not admitted:
            raise RateLimited(retry_after=number)

    @staticmethod
    def _new_address_limit(attempt, device):
        """From an address new to the account, the account-wide limit, unless the browser holds a
        device cookie of the account: that has a limit of its own (a stolen one buys no more
        guesses than one address), so the owner's browser gets in from a new address."""
        if device:
            return "login_device", f"{attempt.account}:{device}"
        return "login_account", attempt.account

    def _count(self, attempt, name, identity):
        """Counts `attempt` under one sign-in limit: how many it holds now; RateLimited when full."""
        windows = [(item.amount, item.get_expiry()) for item in self.rules.get(name, [])]
        if not windows:
            return 0
        counted, number = self.store.sign_ins.reserve(name, identity, attempt.attempt, windows)
        if not counted:
            raise RateLimited(retry_after=max(1, number))
        attempt.counted.append((name, identity))
        return number

    def _take_back(self, attempt):
        for name, identity in attempt.counted:
            self.store.sign_ins.refund(name, identity, attempt.attempt)
