"""What one phone needs to draw an event, read in two pipelined round trips instead of ~13.

Every phone reads this on connect and on resync, so a hall reconnecting at once pays it
thousands of times, and a hostile phone can loop `sync`. So it reads only what the phone owns
(through the per-participant indexes, store/indexes.py) and one bounded page of the questions
phones see: O(own items), whatever the event holds. The first trip reads what names the rest
(the event with its live poll, the page's and the participant's ids); the second reads those.
Results of a revealed poll are read by domain.results afterwards (a third trip, only then).
Replies stay raw here (the vote aside: a Ballot); the domain decodes them with the same functions as everywhere else.
"""

import json

from .ballots import decode_ballot
from .base import TopicStore, decode_hash
from .indexes import EventIndexes
from .keys import Keys
from .questions import ranked_questions, shown_ranking


class PhoneStateStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self.indexes = EventIndexes(client)

    def read(self, eid: str, participant: str, questions: int, reactions: int) -> dict | None:
        """None when the event does not exist; else {event, participant, poll, vote, questions,
        asked, upvoted, reactions, points, score, rank, update, answered}: hashes as str dicts, the vote a Ballot,
        the rest as stored; `answered` pairs (poll hash, own Ballot) for a published update's refs.
        `questions` and `reactions` bound the page of shown questions and the own reactions."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(Keys.event(eid))
        pipe.hget(Keys.participants(eid), participant)
        pipe.exists(Keys.indexes(eid))
        pipe.zrevrange(Keys.shown_questions(eid), 0, questions - 1, withscores=True)
        pipe.zrange(Keys.own_questions(eid, participant), 0, -1)
        pipe.smembers(Keys.own_upvotes(eid, participant))
        pipe.zrange(Keys.own_reactions(eid, participant), -reactions, -1)
        pipe.get(Keys.update(eid))
        raw_event, raw_participant, indexed, ranked, asked, upvoted, rids, raw_update = pipe.execute()
        if not raw_event:
            return None
        if not indexed:  # an event stored by an older version: index it once, then read again
            built = self.indexes.build(eid)  # False: erased meanwhile
            return self.read(eid, participant, questions, reactions) if built else None
        event = decode_hash(raw_event)
        pid = event.get("live_poll") or None
        ranked = shown_ranking(ranked)
        update = json.loads(raw_update) if raw_update else None
        refs = [ref["poll_id"] for ref in update["refs"]] if update and update.get("published") else []

        pipe = self.redis.pipeline(transaction=False)
        for qid, _ in ranked:
            pipe.hgetall(Keys.question(eid, qid.decode()))
        for rid in rids:
            pipe.hgetall(Keys.reaction(eid, rid.decode()))
        if pid:  # the quiz standing is three cheap reads: cheaper than a third trip for quizzes
            pipe.hgetall(Keys.poll(eid, pid))
            pipe.hget(Keys.votes(eid, pid), participant)
            pipe.hget(Keys.points(eid, pid), participant)
            pipe.zscore(Keys.leaderboard(eid), participant)
            pipe.zrevrank(Keys.leaderboard(eid), participant)
        for ref in refs:  # the polls a published update refers to, and this participant's answers only
            pipe.hgetall(Keys.poll(eid, ref))
            pipe.hget(Keys.votes(eid, ref), participant)
        replies = pipe.execute() if ranked or rids or pid or refs else []
        answered = replies[len(replies) - 2 * len(refs) :]
        replies = replies[: len(replies) - 2 * len(refs)]

        n, m = len(ranked), len(rids)
        state = {
            "event": event,
            "participant": json.loads(raw_participant) if raw_participant else None,
            "questions": ranked_questions(ranked, replies[:n]),
            "asked": [qid.decode() for qid in asked],
            "upvoted": {qid.decode() for qid in upvoted},
            "reactions": [decode_hash(raw) for raw in replies[n : n + m] if raw],
            "poll": None,
            "vote": None,
            "points": None,
            "score": None,
            "rank": None,
            "update": update,
            "answered": [
                (decode_hash(raw) if raw else None, decode_ballot(vote))
                for raw, vote in zip(answered[::2], answered[1::2], strict=True)
            ],
        }
        if pid:
            raw_poll, raw_vote, points, score, rank = replies[n + m :]
            state["poll"] = decode_hash(raw_poll) if raw_poll else None
            state["vote"] = decode_ballot(raw_vote)
            state["points"] = int(points) if points is not None else None
            state["score"], state["rank"] = score, rank
        return state
