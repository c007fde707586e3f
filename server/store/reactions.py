"""Video and text reactions of an event, and the set of events that have any (for the sweep)."""

from .base import TopicStore, decode_hash
from .keys import Keys


class ReactionStore(TopicStore):
    def add(self, eid: str, reaction: dict, job: dict | None = None) -> None:
        """Stores a reaction, and in the same transaction queues its job (a transcript) if given:
        a crash between the two could otherwise leave a reaction `queued` forever."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(Keys.reaction(eid, reaction["id"]), mapping=reaction)
        pipe.zadd(Keys.reactions(eid), {reaction["id"]: reaction["created_at"]})
        pipe.sadd(Keys.reaction_events, eid)
        if job:
            pipe.xadd(Keys.jobs, job)
        pipe.execute()

    def get(self, eid: str, rid: str) -> dict | None:
        raw = self.redis.hgetall(Keys.reaction(eid, rid))
        return decode_hash(raw) if raw else None

    def all(self, eid: str) -> list[dict]:
        rids = [r.decode() for r in self.redis.zrange(Keys.reactions(eid), 0, -1)]
        pipe = self.redis.pipeline(transaction=False)
        for rid in rids:
            pipe.hgetall(Keys.reaction(eid, rid))
        return [decode_hash(raw) for raw in pipe.execute() if raw]

    def update(self, eid: str, rid: str, fields: dict) -> None:
        self.redis.hset(Keys.reaction(eid, rid), mapping=fields)

    def delete(self, eid: str, rid: str) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(Keys.reaction(eid, rid))
        pipe.zrem(Keys.reactions(eid), rid)
        pipe.execute()

    def events_with_reactions(self) -> list[str]:
        return [e.decode() for e in self.redis.smembers(Keys.reaction_events)]

    def forget_event(self, eid: str) -> None:
        self.redis.srem(Keys.reaction_events, eid)
