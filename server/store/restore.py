"""Writing a restored event's history (an event's JSON export brought back, domain/restore.py): its
participants, the polls' ballots and tallies, Q&A and reactions, into an event the restore has just
made. Ballots go through lua/restore_ballots.lua, which keeps what vote.lua keeps beside a vote, in
batches so one script never holds Redis for long."""

import json
from typing import cast

from .ballots import Ballot
from .base import TopicStore
from .keys import Keys
from .questions import shown_score

BATCH = 500  # ballots per script call: a few milliseconds of Redis each


class RestoreStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._ballots = self.script("restore_ballots.lua")

    def participants(self, eid: str, records: dict[str, dict], nicknames: dict[str, str]) -> None:
        """`records` {participant: {nickname, joined_at}}; `nicknames` {case-folded: participant}."""
        pipe = self.redis.pipeline(transaction=True)
        for pid, record in records.items():
            pipe.hset(Keys.participants(eid), pid, json.dumps(record))
        if nicknames:
            pipe.hset(Keys.nicknames(eid), mapping=cast(dict, nicknames))
        pipe.execute()

    def ballots(self, eid: str, pid: str, rows: list[dict]) -> str:
        """Stores [{participant, value, vote_id, increments, at_ms, points (quiz) or None, state (a
        moderated answer's) or None}] in a draft poll as Ballots: "ok", or the script's refusal
        (poll_not_draft, duplicate_participant)."""
        keys = [*Keys.vote_script(eid, pid), Keys.moderation(eid, pid)]
        for start in range(0, len(rows), BATCH):
            batch = [_row(row) for row in rows[start : start + BATCH]]
            outcome = self._ballots(keys=keys, args=[json.dumps(batch, separators=(",", ":"))]).decode()
            if outcome != "ok":
                return outcome
        return "ok"

    def finish_poll(self, eid: str, pid: str, fields: dict) -> None:
        """The poll's state as exported (closed, revealed), once its ballots are in."""
        self.redis.hset(Keys.poll(eid, pid), mapping=fields)

    def questions(self, eid: str, questions: list[dict], shown: set[str]) -> None:
        """Question hashes with their upvotes (`upvotes`, not stored in the hash) and the indexes;
        the ids in `shown` are those phones see. Who upvoted is not in an export: nobody has yet."""
        pipe = self.redis.pipeline(transaction=True)
        for question in questions:
            fields = {k: v for k, v in question.items() if k != "upvotes"}
            qid, upvotes, created_at = question["id"], question["upvotes"], int(question["created_at"])
            pipe.hset(Keys.question(eid, qid), mapping=fields)
            pipe.zadd(Keys.questions(eid), {qid: upvotes})
            pipe.zadd(Keys.own_questions(eid, question["participant"]), {qid: created_at})
            if qid in shown:
                pipe.zadd(Keys.shown_questions(eid), {qid: shown_score(upvotes, created_at)})
        if questions:
            pipe.sadd(Keys.questions_dirty, eid)
        pipe.execute()

    def reactions(self, eid: str, reactions: list[dict]) -> None:
        """Reaction hashes and their indexes (no media: a restored video's file is not in the export)."""
        pipe = self.redis.pipeline(transaction=True)
        for reaction in reactions:
            rid, created_at = reaction["id"], int(reaction["created_at"])
            pipe.hset(Keys.reaction(eid, rid), mapping=reaction)
            pipe.zadd(Keys.reactions(eid), {rid: created_at})
            pipe.zadd(Keys.own_reactions(eid, reaction["participant"]), {rid: created_at})
        if reactions:
            pipe.sadd(Keys.reaction_events, eid)
        pipe.execute()


def _row(row: dict) -> dict:
    """One ballot as restore_ballots.lua reads it (see its header)."""
    ballot = Ballot(row["value"], row["vote_id"], tuple(row["increments"]), row["at_ms"])
    return {
        "p": row["participant"],
        "r": ballot.encode(),
        "c": ballot.vote_id,
        "t": ballot.at_ms,
        "k": ballot.increments,
        "s": row["points"],
        "m": row["state"],
    }
