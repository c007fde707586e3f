"""Sign-in attempts an account has failed, and the addresses it has signed in from."""

import time

from .base import TopicStore
from .keys import Keys


class SignInStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._reserve = self.script("attempt_reserve.lua")

    def reserve(self, name: str, identity: str, attempt: str, windows: list[tuple[int, int]]) -> tuple[bool, int]:
        """Counts `attempt` under `identity` when every (limit, seconds) window has room:
        (True, attempts in the longest window) or (False, seconds until there is room)."""
        windows = sorted(windows, key=lambda window: window[1])
        args = [int(time.time() * 1000), attempt]
        for limit, seconds in windows:
            args += [limit, seconds * 1000]
        ok, number = self._reserve(keys=[Keys.sign_in_attempts(name, identity)], args=args)
        return (True, number) if ok else (False, -(-number // 1000))

    def refund(self, name: str, identity: str, attempt: str) -> None:
        self.redis.zrem(Keys.sign_in_attempts(name, identity), attempt)

    def forget(self, name: str, identity: str) -> None:
        self.redis.delete(Keys.sign_in_attempts(name, identity))

    def remember_address(self, account: str, address: str, seconds: int) -> None:
        """`address` signed in to `account`: it stays known for `seconds` after its last sign-in."""
        key, now = Keys.sign_in_addresses(account), time.time()
        with self.redis.pipeline() as pipe:
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zadd(key, {address: now + seconds})
            pipe.expire(key, seconds)
            pipe.execute()

    def knows_address(self, account: str, address: str) -> bool:
        expires = self.redis.zscore(Keys.sign_in_addresses(account), address)
        return expires is not None and expires > time.time()
