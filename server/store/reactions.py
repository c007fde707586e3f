"""Video and text reactions of an event, and the set of events that have any (for the sweep)."""

from .base import TopicStore, decode_hash, text, texts
from .indexes import EventIndexes
from .keys import Keys


class ReactionStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._quota = self.script("reaction_quota.lua")
        self.indexes = EventIndexes(client)

    def take_quota(self, eid: str, participant: str, size: int, most: int, most_bytes: int) -> int:
        """One more reaction of `size` bytes for the participant: 1 taken, 0 too many reactions,
        -1 too many bytes, -2 no such event (see lua/reaction_quota.lua)."""
        keys = [Keys.reaction_quota(eid), Keys.event(eid)]
        return int(self._quota(keys=keys, args=[participant, size, "take", most, most_bytes]))

    def give_back_quota(self, eid: str, participant: str, size: int) -> None:
        """Returns what take_quota took, for a reaction that was refused after all."""
        self._quota(keys=[Keys.reaction_quota(eid), Keys.event(eid)], args=[participant, size, "give_back"])

    def quota_used(self, eid: str, participant: str) -> tuple[int, int]:
        """(reactions sent, their bytes) of the participant."""
        count, size = self.redis.hmget(Keys.reaction_quota(eid), participant, f"{participant}:bytes")
        return int(count or 0), int(size or 0)

    def add(self, eid: str, reaction: dict, job: dict | list | None = None, quota: dict | None = None) -> str:
        """Stores a reaction, and in the same transaction queues its job or jobs (a transcript, an MP4):
        a crash between the two could otherwise leave a reaction `queued` forever. Only while the
        event exists (erasure deletes its hash first, so an upload racing it stores nothing) and,
        for a video, while the stored media stay within `quota` (MEDIA_QUOTA_FIELDS: most videos
        and bytes per participant, most bytes per event). Returns "ok", "event_gone" or the name
        of the quota the video would exceed."""
        usage_key, participant = Keys.media_usage(eid), reaction["participant"]
        video, size = reaction.get("kind") == "video", int(reaction.get("size") or 0)

        def attempt(pipe):  # WATCHing the event and its usage: a change meanwhile runs it again
            if not pipe.exists(Keys.event(eid)):
                return "event_gone"
            exceeded = video and _exceeded(_usage(pipe, usage_key, participant), size, quota)
            if exceeded:
                return exceeded
            pipe.multi()
            pipe.hset(Keys.reaction(eid, reaction["id"]), mapping=reaction)
            pipe.zadd(Keys.reactions(eid), {reaction["id"]: reaction["created_at"]})
            pipe.zadd(Keys.own_reactions(eid, reaction["participant"]), {reaction["id"]: reaction["created_at"]})
            pipe.sadd(Keys.reaction_events, eid)
            if video:
                _count_usage(pipe, usage_key, participant, size, 1)
            for one in [job] if isinstance(job, dict) else job or []:
                pipe.xadd(Keys.jobs, one)
            return "ok"

        return self.transact(attempt, Keys.event(eid), usage_key)

    def media_quota_exceeded(self, eid: str, participant: str, size: int, quota: dict) -> str | None:
        """The quota one more video of `size` bytes would exceed now, or None: a check before an
        upload is read (`add` checks again, atomically, when it is recorded)."""
        return _exceeded(_usage(self.redis, Keys.media_usage(eid), participant), size, quota)

    def get(self, eid: str, rid: str) -> dict | None:
        raw = self.redis.hgetall(Keys.reaction(eid, rid))
        return decode_hash(raw) if raw else None

    def all(self, eid: str) -> list[dict]:
        rids = texts(self.redis.zrange(Keys.reactions(eid), 0, -1))
        pipe = self.redis.pipeline(transaction=False)
        for rid in rids:
            pipe.hgetall(Keys.reaction(eid, rid))
        return [decode_hash(raw) for raw in pipe.execute() if raw]

    def own(self, eid: str, participant: str, count: int) -> list[dict]:
        """The participant's newest `count` reactions, oldest first, read from their index."""
        self.indexes.ensure(eid)
        rids = texts(self.redis.zrange(Keys.own_reactions(eid, participant), -count, -1))
        pipe = self.redis.pipeline(transaction=False)
        for rid in rids:
            pipe.hgetall(Keys.reaction(eid, rid))
        return [decode_hash(raw) for raw in pipe.execute() if raw]

    def update(self, eid: str, rid: str, fields: dict) -> None:
        self.redis.hset(Keys.reaction(eid, rid), mapping=fields)

    def update_if_present(self, eid: str, rid: str, fields: dict) -> bool:
        """Sets fields of a reaction only while it exists (a worker's result must not bring back a
        reaction deleted or erased meanwhile): False when it is gone."""
        key = Keys.reaction(eid, rid)
        return self.write_while_exists(key, lambda pipe: pipe.hset(key, mapping=fields))

    def delete(self, eid: str, rid: str, video_of: tuple[str, int] | None = None) -> None:
        """Deletes a reaction; `video_of` (participant, size) gives its video's room back."""
        participant = self.redis.hget(Keys.reaction(eid, rid), "participant")  # whose index holds it
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(Keys.reaction(eid, rid))
        pipe.zrem(Keys.reactions(eid), rid)
        if participant:
            pipe.zrem(Keys.own_reactions(eid, text(participant)), rid)
        if video_of:
            _count_usage(pipe, Keys.media_usage(eid), video_of[0], video_of[1], -1)
        pipe.execute()

    def events_with_reactions(self) -> list[str]:
        return texts(self.redis.smembers(Keys.reaction_events))

    def forget_event(self, eid: str) -> None:
        """For the sweep, of an event that is gone: any key still left of it (written by an older
        version racing the erasure) and its place in the set of events with reactions."""
        pipe = self.redis.pipeline(transaction=False)
        for key in self.redis.scan_iter(match=Keys.event_pattern(eid), count=500):
            pipe.delete(key)
        pipe.srem(Keys.reaction_events, eid)
        pipe.execute()


MEDIA_QUOTA_FIELDS = ("videos", "bytes", "event_bytes")


def _usage(client, key, participant):
    videos, size, event_bytes = client.hmget(key, f"videos:{participant}", f"bytes:{participant}", "bytes")
    return {"videos": int(videos or 0), "bytes": int(size or 0), "event_bytes": int(event_bytes or 0)}


def _exceeded(usage, size, quota):
    """The first quota one more video of `size` bytes would exceed, or None."""
    after = {"videos": usage["videos"] + 1, "bytes": usage["bytes"] + size, "event_bytes": usage["event_bytes"] + size}
    return next((name for name in MEDIA_QUOTA_FIELDS if quota and after[name] > quota[name]), None)


def _count_usage(pipe, key, participant, size, sign):
    pipe.hincrby(key, f"videos:{participant}", sign)
    pipe.hincrby(key, f"bytes:{participant}", sign * size)
    pipe.hincrby(key, "bytes", sign * size)
