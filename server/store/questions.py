"""The event's Q&A: questions, upvotes (one per participant, in upvote.lua), and the dirty set
the broadcaster drains."""

from .base import TopicStore, decode_hash
from .keys import Keys


def ranked_questions(ranked: list, rows: list) -> list[dict]:
    """Question hashes `rows` read in the order of `ranked` (ZREVRANGE … WITHSCORES), with their
    upvotes, most upvoted first (ties: oldest first); questions deleted meanwhile are left out."""
    questions = [
        {**decode_hash(raw), "upvotes": int(score)} for (_, score), raw in zip(ranked, rows, strict=True) if raw
    ]
    return sorted(questions, key=lambda q: (-q["upvotes"], int(q["created_at"])))


class QuestionStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._upvote = self.script("upvote.lua")

    def add(self, eid: str, question: dict) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(Keys.question(eid, question["id"]), mapping=question)
        pipe.zadd(Keys.questions(eid), {question["id"]: 0})
        pipe.sadd(Keys.questions_dirty, eid)
        pipe.execute()

    def upvote(self, eid: str, qid: str, participant: str) -> int | None:
        """The question's upvotes after this participant's upvote, or None for no such question."""
        keys = [Keys.question(eid, qid), Keys.upvoters(eid, qid), Keys.questions(eid)]
        upvotes = self._upvote(keys=keys, args=[participant, qid])
        if upvotes < 0:
            return None
        self.redis.sadd(Keys.questions_dirty, eid)
        return upvotes

    def all(self, eid: str) -> list[dict]:
        """Every question of the event with its upvotes, most upvoted first (ties: oldest first)."""
        ranked = self.redis.zrevrange(Keys.questions(eid), 0, -1, withscores=True)
        pipe = self.redis.pipeline(transaction=False)
        for qid, _ in ranked:
            pipe.hgetall(Keys.question(eid, qid.decode()))
        return ranked_questions(ranked, pipe.execute())

    def get(self, eid: str, qid: str) -> dict | None:
        raw = self.redis.hgetall(Keys.question(eid, qid))
        return decode_hash(raw) if raw else None

    def update(self, eid: str, qid: str, fields: dict) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(Keys.question(eid, qid), mapping=fields)
        pipe.sadd(Keys.questions_dirty, eid)
        pipe.execute()

    def upvoted_by(self, eid: str, qids: list[str], participant: str) -> set[str]:
        pipe = self.redis.pipeline(transaction=False)
        for qid in qids:
            pipe.sismember(Keys.upvoters(eid, qid), participant)
        return {qid for qid, member in zip(qids, pipe.execute(), strict=True) if member}

    def take_dirty_events(self) -> list[str]:
        popped = self.redis.spop(Keys.questions_dirty, 1000)
        return [eid.decode() for eid in popped or []]
