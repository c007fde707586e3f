"""The event's Q&A: questions, upvotes (one per participant, in upvote.lua), the ranked index of
the questions phones see, each participant's own questions and upvotes, and the dirty set the
broadcaster drains."""

from .base import TopicStore, decode_hash, texts, with_scores
from .indexes import EventIndexes
from .keys import Keys


def shown_score(upvotes: int, created_at: int) -> int:
    """A shown question's score: most upvoted first, then oldest first (to the second). Exact in
    a double up to 2^21 upvotes; upvote.lua adds 2^32 per upvote."""
    return upvotes * 2**32 + 2**32 - 1 - created_at // 1000


def ranked_questions(ranked: list, rows: list) -> list[dict]:
    """Question hashes `rows` read in the order of `ranked` [(id, upvotes)], most upvoted first
    (ties: oldest first); questions deleted meanwhile are left out."""
    questions = [
        {**decode_hash(raw), "upvotes": int(score)} for (_, score), raw in zip(ranked, rows, strict=True) if raw
    ]
    return sorted(questions, key=lambda q: (-q["upvotes"], int(q["created_at"])))


def shown_ranking(ranked: list) -> list[tuple[bytes, int]]:
    """ZREVRANGE … WITHSCORES of the shown index as [(id, upvotes)]."""
    return [(qid, int(score) >> 32) for qid, score in ranked]


class QuestionStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._upvote = self.script("upvote.lua")
        self._show = self.script("show_question.lua")
        self.indexes = EventIndexes(client)

    def add(self, eid: str, question: dict, shown: bool) -> bool:
        """False when the event is gone (erased): nothing is written."""
        qid, created_at = question["id"], int(question["created_at"])

        def writes(pipe):
            pipe.hset(Keys.question(eid, qid), mapping=question)
            pipe.zadd(Keys.questions(eid), {qid: 0})
            pipe.zadd(Keys.own_questions(eid, question["participant"]), {qid: created_at})
            if shown:
                pipe.zadd(Keys.shown_questions(eid), {qid: shown_score(0, created_at)})
            pipe.sadd(Keys.questions_dirty, eid)

        return self.write_while_exists(Keys.event(eid), writes)

    def upvote(self, eid: str, qid: str, participant: str) -> int | None:
        """The question's upvotes after this participant's upvote, or None for no such question."""
        keys = [
            Keys.question(eid, qid),
            Keys.upvoters(eid, qid),
            Keys.questions(eid),
            Keys.shown_questions(eid),
            Keys.own_upvotes(eid, participant),
        ]
        upvotes = self._upvote(keys=keys, args=[participant, qid])
        if upvotes < 0:
            return None
        self.redis.sadd(Keys.questions_dirty, eid)
        return upvotes

    def all(self, eid: str) -> list[dict]:
        """Every question of the event with its upvotes, most upvoted first (ties: oldest first)."""
        ranked = with_scores(self.redis.zrevrange(Keys.questions(eid), 0, -1, withscores=True))
        pipe = self.redis.pipeline(transaction=False)
        for qid, _ in ranked:
            pipe.hgetall(Keys.question(eid, qid.decode()))
        return ranked_questions(ranked, pipe.execute())

    def shown(self, eid: str, count: int) -> list[dict]:
        """The `count` most upvoted questions phones see (ties: oldest first), read from the index."""
        self.indexes.ensure(eid)
        ranked = shown_ranking(self.redis.zrevrange(Keys.shown_questions(eid), 0, count - 1, withscores=True))
        pipe = self.redis.pipeline(transaction=False)
        for qid, _ in ranked:
            pipe.hgetall(Keys.question(eid, qid.decode()))
        return ranked_questions(ranked, pipe.execute())

    def own(self, eid: str, participant: str) -> tuple[list[str], set[str]]:
        """(ids of the participant's questions, oldest first; ids of those they upvoted)."""
        self.indexes.ensure(eid)
        pipe = self.redis.pipeline(transaction=False)
        pipe.zrange(Keys.own_questions(eid, participant), 0, -1)
        pipe.smembers(Keys.own_upvotes(eid, participant))
        asked, upvoted = pipe.execute()
        return [q.decode() for q in asked], {q.decode() for q in upvoted}

    def get(self, eid: str, qid: str) -> dict | None:
        raw = self.redis.hgetall(Keys.question(eid, qid))
        return decode_hash(raw) if raw else None

    def update(self, eid: str, qid: str, fields: dict, shown: bool | None = None) -> None:
        """Sets a question's fields; `shown` (when not None) puts it in or out of what phones see."""
        if shown is None:  # as show_question.lua: never re-creates a question erased meanwhile
            question = Keys.question(eid, qid)
            self.write_while_exists(question, lambda pipe: pipe.hset(question, mapping=fields))
        else:
            keys = [Keys.question(eid, qid), Keys.questions(eid), Keys.shown_questions(eid)]
            pairs = [item for field_value in fields.items() for item in field_value]
            self._show(keys=keys, args=[qid, "1" if shown else "0", *pairs])
        self.redis.sadd(Keys.questions_dirty, eid)

    def take_dirty_events(self) -> list[str]:
        popped = self.redis.spop(Keys.questions_dirty, 1000)
        return texts(popped or [])
