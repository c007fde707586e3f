"""What one phone needs to draw an event, read in two pipelined round trips instead of ~13.

Every phone reads this on connect and on resync, so a hall reconnecting at once pays it
thousands of times. The first trip reads what names the rest (the event with its live poll,
the question and reaction ids); the second reads those. Results of a revealed poll are read
by domain.results afterwards (a third trip, only then). Replies stay raw here; the domain
decodes them with the same functions as everywhere else.
"""

import json

from .base import TopicStore, decode_hash
from .keys import Keys
from .questions import ranked_questions


class PhoneStateStore(TopicStore):
    def read(self, eid: str, participant: str) -> dict | None:
        """None when the event does not exist; else {event, participant, poll, vote, questions,
        upvoted, reactions, points, score, rank}: hashes as str dicts, the rest as stored."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(Keys.event(eid))
        pipe.hget(Keys.participants(eid), participant)
        pipe.zrevrange(Keys.questions(eid), 0, -1, withscores=True)
        pipe.zrange(Keys.reactions(eid), 0, -1)
        raw_event, raw_participant, ranked, rids = pipe.execute()
        if not raw_event:
            return None
        event = decode_hash(raw_event)
        pid = event.get("live_poll") or None
        qids = [qid.decode() for qid, _ in ranked]

        pipe = self.redis.pipeline(transaction=False)
        for qid in qids:
            pipe.hgetall(Keys.question(eid, qid))
        for qid in qids:
            pipe.sismember(Keys.upvoters(eid, qid), participant)
        for rid in rids:
            pipe.hgetall(Keys.reaction(eid, rid.decode()))
        if pid:  # the quiz standing is three cheap reads: cheaper than a third trip for quizzes
            pipe.hgetall(Keys.poll(eid, pid))
            pipe.hget(Keys.votes(eid, pid), participant)
            pipe.hget(Keys.points(eid, pid), participant)
            pipe.zscore(Keys.leaderboard(eid), participant)
            pipe.zrevrank(Keys.leaderboard(eid), participant)
        replies = pipe.execute() if qids or rids or pid else []

        n, m = len(qids), len(rids)
        question_rows, upvoted, reaction_rows = replies[:n], replies[n : 2 * n], replies[2 * n : 2 * n + m]
        state = {
            "event": event,
            "participant": json.loads(raw_participant) if raw_participant else None,
            "questions": ranked_questions(ranked, question_rows),
            "upvoted": {qid for qid, member in zip(qids, upvoted, strict=True) if member},
            "reactions": [decode_hash(raw) for raw in reaction_rows if raw],
            "poll": None,
            "vote": None,
            "points": None,
            "score": None,
            "rank": None,
        }
        if pid:
            raw_poll, raw_vote, points, score, rank = replies[2 * n + m :]
            state["poll"] = decode_hash(raw_poll) if raw_poll else None
            state["vote"] = json.loads(raw_vote) if raw_vote else None
            state["points"] = int(points) if points is not None else None
            state["score"], state["rank"] = score, rank
        return state
