"""Whether the credentials open presenter sockets were opened with still hold (realtime/sockets/revocation.py)."""

from typing import Any

from .base import TopicStore, decode_hash, decode_str
from .keys import Keys


class GrantStore(TopicStore):
    def check(self, grants: list[tuple[str, str | None, str | None]]) -> list[tuple[bool, bool, Any]]:
        """For each (event id, presenter key or None, organizer token or None): whether the event
        exists, whether its key still opens that event or its token is still signed in, and for a
        token the email it is signed in as, the event's owner and its members (the domain makes a
        role of them). One round trip for all of them."""
        pipe = self.redis.pipeline(transaction=False)
        for eid, key, token in grants:
            pipe.exists(Keys.event(eid))
            if key:
                pipe.get(Keys.presenter_key(key))
            else:
                pipe.get(Keys.token(token or ""))
                pipe.hget(Keys.event(eid), "owner")
                pipe.hgetall(f"hetki:{{{eid}}}:members")  # store/access.py's members_key
        replies = iter(pipe.execute())
        checked: list[tuple[bool, bool, Any]] = []
        for eid, key, _ in grants:
            exists = bool(next(replies))
            if key:
                checked.append((exists, next(replies) == eid.encode(), None))
                continue
            email, owner, members = decode_str(next(replies)), decode_str(next(replies)), decode_hash(next(replies))
            checked.append((exists, email is not None, (email, owner, members)))
        return checked
