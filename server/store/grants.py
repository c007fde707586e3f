"""Whether the credentials open presenter sockets were opened with still hold (realtime/sockets/revocation.py)."""

from .base import TopicStore
from .keys import Keys


class GrantStore(TopicStore):
    def check(self, grants: list[tuple[str, str | None, str | None]]) -> list[tuple[bool, bool]]:
        """For each (event id, presenter key or None, organizer token or None): whether the event
        exists, and whether its key still opens that event or its token is still signed in.
        One round trip for all of them."""
        pipe = self.redis.pipeline(transaction=False)
        for eid, key, token in grants:
            pipe.exists(Keys.event(eid))
            if key:
                pipe.get(Keys.presenter_key(key))
            else:
                pipe.exists(Keys.token(token or ""))
        replies = pipe.execute()
        return [
            (bool(replies[2 * i]), replies[2 * i + 1] == eid.encode() if key else bool(replies[2 * i + 1]))
            for i, (eid, key, _) in enumerate(grants)
        ]
