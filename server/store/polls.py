"""Polls, their votes and tallies, open-answer moderation, quiz points, and the live-polls set.

vote.lua is the whole vote path in one atomic step (see its header); open/close/reset and the
broadcaster's flush are scripts too, so a poll's state never changes under a half-done vote.
"""

import json
from collections.abc import Iterator
from typing import Any, cast

from .ballots import Ballot, decode_ballot
from .base import TopicStore, decode_hash, decode_pairs, decode_str, text, texts, with_scores
from .batching import ScriptBatcher
from .keys import Keys


class PollStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._vote = ScriptBatcher(client, self.script("vote.lua"))  # votes of one loop tick share a pipeline
        self._open = self.script("open_poll.lua")
        self._close = self.script("close_poll.lua")
        self._reset = self.script("reset_poll.lua")
        self._flush = self.script("broadcast_poll.lua")
        self._edit = self.script("edit_poll.lua")
        self._delete = self.script("delete_poll.lua")
        self._reorder = self.script("reorder_polls.lua")
        self._answers = self.script("answers_window.lua")

    def create(
        self,
        eid: str,
        poll: dict,
        count_fields: list[str],
        free_fields: bool,
        script_fields: dict,
        after: str | None = None,
    ) -> None:
        """A new draft poll, last in the event's order or right `after` another poll."""
        pid = poll["id"]
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(
            Keys.poll(eid, pid),
            mapping={
                **script_fields,
                "id": pid,
                "event_id": eid,
                "type": poll["type"],
                "question": poll["question"],
                "options": json.dumps(poll["options"]),
                "settings": json.dumps(poll["settings"]),
                "state": "draft",
                "revealed": "0",
                "created_at": poll["created_at"],
                "free_fields": "1" if free_fields else "0",
            },
        )
        if count_fields:
            pipe.hset(Keys.counts(eid, pid), mapping={f: 0 for f in count_fields})
        if after:
            pipe.linsert(Keys.polls(eid), "AFTER", after, pid)
        else:
            pipe.rpush(Keys.polls(eid), pid)
        pipe.set(Keys.poll_event(pid), eid)
        pipe.execute()

    def edit(self, eid: str, pid: str, fields: dict, count_fields: list[str] | None) -> str:
        """Sets poll hash fields while the poll is not open; `count_fields` (a new definition's
        tally fields, [] for free-field types) only while nobody has voted. ok, poll_not_found,
        poll_live or poll_has_votes."""
        keys = [Keys.poll(eid, pid), Keys.votes(eid, pid), Keys.counts(eid, pid), Keys.dirty(eid, pid)]
        args = [json.dumps(fields), "0" if count_fields is None else "1", *(count_fields or [])]
        outcome = self._edit(keys=keys, args=args).decode()
        if outcome == "ok":
            self.changed(eid, pid)
        return outcome

    def delete(self, eid: str, pid: str) -> str:
        """Deletes a poll that is not open and everything it holds: ok, poll_not_found or poll_live."""
        keys = [
            Keys.event(eid),
            Keys.polls(eid),
            Keys.leaderboard(eid),
            Keys.points(eid, pid),
            Keys.poll(eid, pid),
            *Keys.poll_parts(eid, pid),
        ]
        outcome = self._delete(keys=keys, args=[pid]).decode()
        if outcome == "ok":  # the global keys live outside the event's slot, so outside the script
            pipe = self.redis.pipeline(transaction=False)
            pipe.delete(Keys.poll_event(pid))
            pipe.srem(Keys.live_polls, Keys.live_poll_member(eid, pid))
            pipe.execute()
        return outcome

    def reorder(self, eid: str, poll_ids: list[str]) -> str:
        """ok, or order_mismatch when poll_ids is not exactly the event's polls."""
        return self._reorder(keys=[Keys.polls(eid)], args=poll_ids).decode()

    def ids(self, eid: str) -> list[str]:
        return texts(self.redis.lrange(Keys.polls(eid), 0, -1))

    def event_id(self, pid: str) -> str | None:
        return decode_str(self.redis.get(Keys.poll_event(pid)))

    def get(self, eid: str, pid: str) -> dict | None:
        """The poll's stored fields as strings (domain.polls.decode_poll types them)."""
        raw = self.redis.hgetall(Keys.poll(eid, pid))
        return decode_hash(raw) if raw else None

    def get_many(self, eid: str, pids: list[str]) -> list[dict]:
        pipe = self.redis.pipeline(transaction=False)
        for pid in pids:
            pipe.hgetall(Keys.poll(eid, pid))
        return [decode_hash(raw) for raw in pipe.execute() if raw]

    def mark_dirty(self, eid: str, pid: str) -> bool:
        """Only while the poll exists: a flag set after its event's erasure would outlive it."""
        return self.write_while_exists(Keys.poll(eid, pid), lambda pipe: pipe.set(Keys.dirty(eid, pid), "1"))

    def set_fields(self, eid: str, pid: str, fields: dict) -> None:
        if self.write_while_exists(Keys.poll(eid, pid), lambda pipe: pipe.hset(Keys.poll(eid, pid), mapping=fields)):
            self.changed(eid, pid)

    def changed(self, eid: str, pid: str) -> None:
        """Marks the poll's results changed. The broadcaster drops closed polls from the live-polls
        set once their last results are out (forget_idle), so the event's live poll goes back in.
        The flag is set before the set is added to: forget_idle relies on that order."""
        if not self.mark_dirty(eid, pid):
            return
        live = self.redis.hget(Keys.event(eid), "live_poll")
        if live is not None and text(live) == pid:
            self.redis.sadd(Keys.live_polls, Keys.live_poll_member(eid, pid))

    # the live poll
    def open(
        self, eid: str, pid: str, previous_pid: str | None, now_ms: int, closes_at_ms: int, state: str = "open"
    ) -> str:
        keys = [Keys.event(eid), Keys.poll(eid, pid), Keys.poll(eid, previous_pid or pid)]
        result = self._open(keys=keys, args=[pid, previous_pid or "", now_ms, closes_at_ms, state])
        if result == b"ok" and self.mark_dirty(eid, pid):  # the flag first, as in changed()
            pipe = self.redis.pipeline(transaction=False)
            if previous_pid and previous_pid != pid:
                pipe.srem(Keys.live_polls, Keys.live_poll_member(eid, previous_pid))
            pipe.sadd(Keys.live_polls, Keys.live_poll_member(eid, pid))
            pipe.execute()
        return result.decode()

    def close(self, eid: str, pid: str, now_ms: int) -> str:
        result = self._close(keys=[Keys.poll(eid, pid)], args=[now_ms]).decode()
        self.changed(eid, pid)
        return result

    def live_id(self, eid: str) -> str | None:
        return decode_str(self.redis.hget(Keys.event(eid), "live_poll"))

    def live_polls(self) -> list[tuple[str, str]]:
        pairs = (member.split(":", 1) for member in texts(self.redis.smembers(Keys.live_polls)))
        return [(eid, pid) for eid, pid in pairs]

    def forget_live(self, eid: str, pid: str) -> None:
        self.redis.srem(Keys.live_polls, Keys.live_poll_member(eid, pid))

    def forget_idle(self, eid: str, pid: str) -> bool:
        """Drops a poll that is not open and has nothing left to broadcast from the live-polls set,
        so the broadcaster's work follows the polls open now, not every poll ever opened. Removed
        first and checked after: a change marked meanwhile (flag, then set) puts it back."""
        member = Keys.live_poll_member(eid, pid)
        pipe = self.redis.pipeline(transaction=False)
        pipe.srem(Keys.live_polls, member)
        pipe.exists(Keys.dirty(eid, pid))
        pipe.hget(Keys.poll(eid, pid), "state")
        _, dirty, state = pipe.execute()
        if dirty or state == b"open":
            self.redis.sadd(Keys.live_polls, member)
            return False
        return True

    # votes
    def cast_vote(
        self,
        eid: str,
        pid: str,
        participant: str,
        client_vote_id: str,
        value: Any,
        now_ms: int,
        rev: str,
        increments: list[tuple[str, int]],
    ) -> tuple[str, str]:
        """Stores `value` as the participant's Ballot unless vote.lua refuses or dedupes it:
        (ok, new|changed|duplicate) or (err, reason)."""
        record = Ballot(value, client_vote_id, tuple(increments), now_ms).encode()
        args = [participant, client_vote_id, record, now_ms, rev]
        for field, amount in increments:
            args += [field, amount]
        status, detail = self._vote(Keys.vote_script(eid, pid), args)
        return status.decode(), detail.decode()

    def reset(self, eid: str, pid: str, other_quiz_ids: tuple[str, ...] = ()) -> str:
        others = [Keys.points(eid, other) for other in other_quiz_ids]
        outcome = self._reset(keys=[*Keys.vote_script(eid, pid), Keys.moderation(eid, pid), *others]).decode()
        if outcome == "ok":
            self.changed(eid, pid)
        return outcome

    def vote_of(self, eid: str, pid: str, participant: str) -> Ballot | None:
        return decode_ballot(self.redis.hget(Keys.votes(eid, pid), participant))

    def votes(self, eid: str, pid: str) -> dict[str, Ballot]:
        return {text(k): Ballot.decode(v) for k, v in self.redis.hgetall(Keys.votes(eid, pid)).items()}

    def scan_votes(self, eid: str, pid: str, batch: int) -> Iterator[list[tuple[str, Ballot]]]:
        """The poll's ballots in batches of about `batch` [(participant, ballot)], without reading
        them all at once (HSCAN)."""
        cursor = None
        while cursor != 0:
            cursor, raw = self.redis.hscan(Keys.votes(eid, pid), cursor or 0, count=batch)
            if raw:  # field → value (a list only with NOVALUES)
                yield [(k.decode(), Ballot.decode(v)) for k, v in cast(dict, raw).items()]

    def points_of(self, eid: str, pid: str, participants: list[str]) -> dict[str, int]:
        if not participants:
            return {}
        raw = self.redis.hmget(Keys.points(eid, pid), participants)
        return {p: int(v) for p, v in zip(participants, raw, strict=True) if v is not None}

    def tally(self, eid: str, pid: str) -> tuple[dict[str, int], int]:
        """(counts, number of participants who answered), read in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(Keys.counts(eid, pid))
        pipe.hlen(Keys.votes(eid, pid))
        counts, total = pipe.execute()
        return {k.decode(): int(v) for k, v in counts.items()}, total

    # open answers
    def moderate_answer(self, eid: str, pid: str, answer_id: str, state: str) -> None:
        moderation = Keys.moderation(eid, pid)
        if self.write_while_exists(Keys.poll(eid, pid), lambda pipe: pipe.hset(moderation, answer_id, state)):
            self.changed(eid, pid)

    def answer_state(self, eid: str, pid: str, answer_id: str) -> str | None:
        """One answer's moderation state, or None while none was chosen for it."""
        return decode_str(self.redis.hget(Keys.moderation(eid, pid), answer_id))

    def moderation(self, eid: str, pid: str) -> dict[str, str]:
        return decode_hash(self.redis.hgetall(Keys.moderation(eid, pid)))

    def newest_answers(self, eid: str, pid: str, count: int) -> tuple[str | None, list[tuple[Ballot, str | None]]]:
        """(the event's moderation field, [(ballot, moderation state or None)] of the poll's newest
        `count` answers, newest first), in one round trip of O(count) (lua/answers_window.lua)."""
        keys = [Keys.poll(eid, pid), Keys.answers(eid, pid), Keys.votes(eid, pid), Keys.moderation(eid, pid)]
        reply = self._answers(keys=[*keys, Keys.event(eid)], args=[count])
        if not reply:
            return None, []
        pairs = zip(reply[1::2], reply[2::2], strict=True)
        return decode_str(reply[0]), [(Ballot.decode(record), decode_str(state)) for record, state in pairs]

    # quiz
    def quiz_points(self, eid: str, pid: str, participant: str) -> int | None:
        points = self.redis.hget(Keys.points(eid, pid), participant)
        return int(points) if points is not None else None

    def all_quiz_points(self, eid: str, pid: str) -> dict[str, int]:
        return {text(k): int(v) for k, v in self.redis.hgetall(Keys.points(eid, pid)).items()}

    def leaderboard(self, eid: str, count: int) -> list[tuple[str, int]]:
        top = self.redis.zrevrange(Keys.leaderboard(eid), 0, count - 1, withscores=True)
        return [(member.decode(), int(score)) for member, score in with_scores(top)]

    def standing(self, eid: str, participant: str) -> tuple[int, int | None]:
        """(total points, rank from 1) of a participant on the event's leaderboard, or (0, None)."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.zscore(Keys.leaderboard(eid), participant)
        pipe.zrevrank(Keys.leaderboard(eid), participant)
        score, rank = pipe.execute()
        return int(score or 0), rank + 1 if rank is not None else None

    # broadcasting
    def flush(self, eid: str, pid: str, holder: str, ttl_ms: int, want_results: bool):
        """One round trip per tick: hold the lock, take the dirty flag, read poll and tally.
        None when another process broadcasts; else (dirty, poll, counts|None, total, seq)."""
        keys = [
            Keys.broadcaster(eid, pid),
            Keys.dirty(eid, pid),
            Keys.poll(eid, pid),
            Keys.counts(eid, pid),
            Keys.votes(eid, pid),
            Keys.seq(eid, pid),
        ]
        got = self._flush(keys=keys, args=[holder, ttl_ms, "1" if want_results else "0"])
        if got is None:
            return None
        poll = decode_pairs(got[1])
        if len(got) == 2:
            return bool(got[0]), poll, None, 0, 0
        counts = {field: int(n) for field, n in decode_pairs(got[2]).items()}
        return bool(got[0]), poll, counts, got[3], got[4]
