"""Events, their join codes and presenter keys, their participants and nicknames, and erasure."""

import json

from .base import TopicStore, decode_hash, decode_json_hash, decode_str, text, texts
from .keys import Keys, digest


class EventStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._claim_nickname = self.script("claim_nickname.lua")

    def claim_code(self, code: str, eid: str) -> bool:
        return bool(self.redis.set(Keys.code(code), eid, nx=True))

    def change_code(self, eid: str, old: str, new: str) -> bool:
        """The event's join code becomes `new` when no event holds it (False otherwise), the old one
        freed; a change racing the event's erasure leaves neither code behind."""
        if not self.claim_code(new, eid):
            return False
        if not self.update(eid, {"code": new}):
            self.redis.delete(Keys.code(new))
            return True  # the event is gone: nothing to refuse

        def release(pipe):  # only while it is still this event's
            held = pipe.get(Keys.code(old))
            pipe.multi()
            if held and text(held) == eid:
                pipe.delete(Keys.code(old))

        self.redis.transaction(release, Keys.code(old))
        return True

    def create(self, event: dict, presenter_key: str) -> None:
        eid = event["id"]
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(Keys.event(eid), mapping={**event, "presenter_key_digest": digest(presenter_key)})
        pipe.set(Keys.presenter_key(presenter_key), eid)
        pipe.zadd(Keys.organizer_events(event["owner"]), {eid: event["created_at"]})
        pipe.set(Keys.indexes(eid), "1")  # a new event's writes keep its indexes: nothing to build
        pipe.execute()

    def get(self, eid: str) -> dict | None:
        """The event's stored fields as strings (domain.events.decode_event types them)."""
        raw = self.redis.hgetall(Keys.event(eid))
        return decode_hash(raw) if raw else None

    def update(self, eid: str, fields: dict) -> bool:
        """False when the event is gone: a change racing its erasure must not re-create its hash."""
        return self.write_while_exists(Keys.event(eid), lambda pipe: pipe.hset(Keys.event(eid), mapping=fields))

    def id_for_code(self, code: str) -> str | None:
        return decode_str(self.redis.get(Keys.code(code)))

    def id_for_presenter_key(self, key: str) -> str | None:
        return decode_str(self.redis.get(Keys.presenter_key(key)))

    def replace_presenter_key(self, eid: str, new_key: str, nonce: str) -> None:
        """The new key's digest and nonce; the old digest, and an older event's plain key, go."""
        old_digest = self.redis.hget(Keys.event(eid), "presenter_key_digest")
        pipe = self.redis.pipeline(transaction=False)
        if old_digest:
            pipe.delete(Keys.presenter_key_by_digest(text(old_digest)))
        pipe.set(Keys.presenter_key(new_key), eid)
        pipe.hset(Keys.event(eid), mapping={"presenter_key_digest": digest(new_key), "presenter_nonce": nonce})
        pipe.hdel(Keys.event(eid), "presenter_key")
        pipe.execute()

    def claim_report_token(self, eid: str, nonce: str, seconds: int) -> bool:
        """True the first time a report token's nonce is seen, False after."""
        return bool(self.redis.set(Keys.report_token(eid, nonce), 1, nx=True, ex=seconds))

    def mark_report_served(self, eid: str, nonce: str, seconds: int) -> None:
        self.redis.set(Keys.report_token(eid, nonce), "served", xx=True, ex=seconds)

    def report_served(self, eid: str, nonce: str) -> bool:
        return self.redis.get(Keys.report_token(eid, nonce)) == b"served"

    def ids_of(self, email: str) -> list[str]:
        return texts(self.redis.zrange(Keys.organizer_events(email), 0, -1))

    def delete(self, event: dict, poll_ids: list[str]) -> None:
        """Every key of the event: its hash-tagged keys and the global ones pointing at it."""
        eid = event["id"]
        # The hashes every write checks atomically go first, on their own (_bar_writes): a write
        # either ran before, so the scan below finds its keys, or finds no event, poll or question
        # and writes nothing.
        code = self._bar_writes(eid) or event["code"]
        sids = texts(self.redis.zrange(Keys.surveys(eid), 0, -1))  # a survey is made only while the event is
        pipe = self.redis.pipeline(transaction=False)
        for key in self.redis.scan_iter(match=Keys.event_pattern(eid), count=500):
            pipe.delete(key)
        pipe.delete(Keys.code(code))  # its code now: a chosen one may have replaced the one `event` read
        pipe.delete(Keys.presenter_key_by_digest(event["presenter_key_digest"]))
        pipe.zrem(Keys.organizer_events(event["owner"]), eid)
        pipe.srem(Keys.reaction_events, eid)
        pipe.srem(Keys.questions_dirty, eid)
        for sid in sids:
            pipe.delete(Keys.survey_event(sid))
            pipe.zrem(Keys.open_surveys, Keys.open_survey_member(eid, sid))
        for pid in poll_ids:
            pipe.delete(Keys.poll_event(pid))
            pipe.srem(Keys.live_polls, Keys.live_poll_member(eid, pid))
        pipe.execute()

    def _bar_writes(self, eid: str) -> str | None:
        """Deletes, in one step, the hashes every write of the event checks first: the event's
        (participants, nicknames, questions, reactions, settings), its polls' (votes.lua and the
        poll scripts) and its questions' (upvote.lua). The lists are WATCHed: a poll or question
        added meanwhile is barred too; so is the event's hash, whose join code (a chosen code
        changes it) is returned."""

        def bar(pipe):
            code = pipe.hget(Keys.event(eid), "code")
            pids = [p.decode() for p in pipe.lrange(Keys.polls(eid), 0, -1)]
            qids = [q.decode() for q in pipe.zrange(Keys.questions(eid), 0, -1)]
            pipe.multi()
            polls = [Keys.poll(eid, pid) for pid in pids]
            pipe.delete(Keys.event(eid), *polls, *(Keys.question(eid, qid) for qid in qids))
            return text(code) if code else None

        return self.redis.transaction(  # type: ignore[return-value]  # value_from_callable: bar's result
            bar, Keys.event(eid), Keys.polls(eid), Keys.questions(eid), value_from_callable=True
        )

    # participants
    def add_participant(self, eid: str, pid: str, record: dict) -> bool:
        """False when the event is gone (erased): nothing is written."""
        return self.write_while_exists(
            Keys.event(eid), lambda pipe: pipe.hset(Keys.participants(eid), pid, json.dumps(record))
        )

    def participant(self, eid: str, pid: str) -> dict | None:
        raw = self.redis.hget(Keys.participants(eid), pid)
        return json.loads(raw) if raw else None

    def participant_count(self, eid: str) -> int:
        return self.redis.hlen(Keys.participants(eid))

    def participants(self, eid: str) -> dict[str, dict]:
        return decode_json_hash(self.redis.hgetall(Keys.participants(eid)))

    def nicknames_of(self, eid: str, pids: list[str]) -> dict[str, str | None]:
        if not pids:
            return {}
        raw = self.redis.hmget(Keys.participants(eid), pids)
        return {pid: json.loads(r).get("nickname") for pid, r in zip(pids, raw, strict=True) if r}

    def players(self, eid: str, count: int) -> tuple[int, list[str]]:
        """How many participants have a nickname, and some of them (a quiz lobby's names): one
        HSCAN step, so however many joined the reply stays about `count` long."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hlen(Keys.nicknames(eid))
        pipe.hscan(Keys.nicknames(eid), 0, count=count)
        total, (_, some) = pipe.execute()
        return int(total), [text(pid) for pid in list(some.values())[:count]]

    def claim_nickname(self, eid: str, folded: str, pid: str) -> int:
        """Reserves a nickname (case-folded) for one participant of the event: 1 claimed (or theirs
        already), 0 someone else's, -1 no such event (lua/claim_nickname.lua)."""
        return int(self._claim_nickname(keys=[Keys.event(eid), Keys.nicknames(eid)], args=[folded, pid]))

    def release_nickname(self, eid: str, folded: str) -> None:
        self.redis.hdel(Keys.nicknames(eid), folded)
