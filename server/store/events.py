"""Events, their join codes and presenter keys, their participants and nicknames, and erasure."""

import json

from .base import TopicStore, decode_hash, decode_json_hash, decode_str
from .keys import Keys, digest


class EventStore(TopicStore):
    def claim_code(self, code: str, eid: str) -> bool:
        return bool(self.redis.set(Keys.code(code), eid, nx=True))

    def create(self, event: dict, presenter_key: str) -> None:
        eid = event["id"]
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(Keys.event(eid), mapping={**event, "presenter_key_digest": digest(presenter_key)})
        pipe.set(Keys.presenter_key(presenter_key), eid)
        pipe.zadd(Keys.organizer_events(event["owner"]), {eid: event["created_at"]})
        pipe.execute()

    def get(self, eid: str) -> dict | None:
        """The event's stored fields as strings (domain.events.decode_event types them)."""
        raw = self.redis.hgetall(Keys.event(eid))
        return decode_hash(raw) if raw else None

    def update(self, eid: str, fields: dict) -> None:
        self.redis.hset(Keys.event(eid), mapping=fields)

    def id_for_code(self, code: str) -> str | None:
        return decode_str(self.redis.get(Keys.code(code)))

    def id_for_presenter_key(self, key: str) -> str | None:
        return decode_str(self.redis.get(Keys.presenter_key(key)))

    def replace_presenter_key(self, eid: str, new_key: str) -> None:
        old_digest = self.redis.hget(Keys.event(eid), "presenter_key_digest")
        pipe = self.redis.pipeline(transaction=False)
        if old_digest:
            pipe.delete(Keys.presenter_key_by_digest(old_digest.decode()))
        pipe.set(Keys.presenter_key(new_key), eid)
        pipe.hset(Keys.event(eid), mapping={"presenter_key_digest": digest(new_key), "presenter_key": new_key})
        pipe.execute()

    def claim_report_token(self, eid: str, nonce: str, seconds: int) -> bool:
        """True the first time a report token's nonce is seen, False after."""
        return bool(self.redis.set(Keys.report_token(eid, nonce), 1, nx=True, ex=seconds))

    def ids_of(self, email: str) -> list[str]:
        return [e.decode() for e in self.redis.zrange(Keys.organizer_events(email), 0, -1)]

    def delete(self, event: dict, poll_ids: list[str]) -> None:
        """Every key of the event: its hash-tagged keys and the global ones pointing at it."""
        eid = event["id"]
        pipe = self.redis.pipeline(transaction=False)
        for key in self.redis.scan_iter(match=Keys.event_pattern(eid), count=500):
            pipe.delete(key)
        pipe.delete(Keys.code(event["code"]))
        pipe.delete(Keys.presenter_key_by_digest(event["presenter_key_digest"]))
        pipe.zrem(Keys.organizer_events(event["owner"]), eid)
        pipe.srem(Keys.reaction_events, eid)
        for pid in poll_ids:
            pipe.delete(Keys.poll_event(pid))
            pipe.srem(Keys.live_polls, Keys.live_poll_member(eid, pid))
        pipe.execute()

    # participants
    def add_participant(self, eid: str, pid: str, record: dict) -> None:
        self.redis.hset(Keys.participants(eid), pid, json.dumps(record))

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

    def claim_nickname(self, eid: str, folded: str, pid: str) -> bool:
        """Reserves a nickname (case-folded) for one participant of the event."""
        if self.redis.hsetnx(Keys.nicknames(eid), folded, pid):
            return True
        return self.redis.hget(Keys.nicknames(eid), folded) == pid.encode()

    def release_nickname(self, eid: str, folded: str) -> None:
        self.redis.hdel(Keys.nicknames(eid), folded)
