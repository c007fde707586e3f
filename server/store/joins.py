"""New participants per event and client address, by the minute, and the bursts among them."""

import time

from .base import TopicStore
from .keys import Keys


class JoinStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._admit = self.script("join_admit.lua")

    def admit(self, eid: str, address: str, limit: int, burst: int) -> tuple[int, int]:
        """(1, joins from `address` this minute); past `limit`, (0, seconds to wait); (-1, 0) when the
        event is gone, and then nothing of it is written."""
        now = time.time()
        minute, left = divmod(now, 60)
        keys = [Keys.joins(eid, int(minute)), Keys.join_bursts(eid), Keys.event(eid)]
        admitted, number = self._admit(keys=keys, args=[address, limit, burst, max(1, 60 - int(left))])
        return admitted, number

    def bursts(self, eid: str) -> dict[str, int]:
        """{bursts: address-minutes past the burst size, participants: joined in them, largest: most in one}."""
        raw = self.redis.hgetall(Keys.join_bursts(eid))
        return {name: int(raw.get(name.encode(), 0)) for name in ("bursts", "participants", "largest")}
