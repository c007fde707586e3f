"""Self-paced surveys: their definitions, opening and closing their polls, each participant's
progress and the finishing order (lua/survey_*.lua).

A survey is a hash beside its event's polls; its polls stay the event's own and take votes through
vote.lua like live polls (the survey only opens them, with its closing time). The event hash names
its open surveys (`open_surveys`), so a phone's state reads them with the event at no extra trip.
"""

import json

from .ballots import decode_ballot
from .base import TopicStore, decode_hash, decode_str, text, texts
from .keys import Keys


class SurveyStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._open = self.script("survey_open.lua")
        self._close = self.script("survey_close.lua")
        self._progress = self.script("survey_progress.lua")

    def create(self, eid: str, survey: dict) -> bool:
        """False when the event is gone (erased meanwhile): nothing is written."""
        sid = survey["id"]

        def writes(pipe):
            pipe.hset(Keys.survey(eid, sid), mapping=self._fields(survey))
            pipe.zadd(Keys.surveys(eid), {sid: survey["created_at"]})
            pipe.set(Keys.survey_event(sid), eid)

        return self.write_while_exists(Keys.event(eid), writes)

    @staticmethod
    def _fields(survey: dict) -> dict:
        fields = {k: v for k, v in survey.items() if k in ("id", "event_id", "title", "state", "created_at")}
        if "poll_ids" in survey:
            fields["poll_ids"] = json.dumps(survey["poll_ids"])
            fields["size"] = len(survey["poll_ids"])
        if "invite_reactions" in survey:
            fields["invite_reactions"] = "1" if survey["invite_reactions"] else "0"
        return fields

    def update(self, eid: str, sid: str, changes: dict) -> bool:
        return self.write_while_exists(
            Keys.survey(eid, sid), lambda pipe: pipe.hset(Keys.survey(eid, sid), mapping=self._fields(changes))
        )

    def count(self, eid: str) -> int:
        return self.redis.zcard(Keys.surveys(eid))

    def event_id(self, sid: str) -> str | None:
        return decode_str(self.redis.get(Keys.survey_event(sid)))

    def ids(self, eid: str) -> list[str]:
        return texts(self.redis.zrange(Keys.surveys(eid), 0, -1))

    def get_many(self, eid: str, sids: list[str]) -> list[tuple[dict, int, int]]:
        """[(stored fields, started, finished)] of the surveys that exist, in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        for sid in sids:
            pipe.hgetall(Keys.survey(eid, sid))
            pipe.hlen(Keys.survey_progress(eid, sid))
            pipe.llen(Keys.survey_finishers(eid, sid))
        replies = pipe.execute()
        found = zip(replies[0::3], replies[1::3], replies[2::3], strict=True)
        return [(decode_hash(raw), started, finished) for raw, started, finished in found if raw]

    def delete(self, eid: str, sid: str) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(
            Keys.survey(eid, sid), Keys.survey_progress(eid, sid), Keys.survey_finishers(eid, sid), Keys.draws(eid, sid)
        )
        pipe.zrem(Keys.surveys(eid), sid)
        pipe.execute()
        pipe = self.redis.pipeline(transaction=False)  # outside the event's slot
        pipe.delete(Keys.survey_event(sid))
        pipe.zrem(Keys.open_surveys, Keys.open_survey_member(eid, sid))
        pipe.execute()

    # opening and closing
    def open(self, eid: str, sid: str, poll_ids: list[str], now_ms: int, closes_at: int) -> str:
        keys = [Keys.event(eid), Keys.survey(eid, sid), *(Keys.poll(eid, pid) for pid in poll_ids)]
        outcome = text(self._open(keys=keys, args=[sid, now_ms, closes_at, *poll_ids]))
        if outcome == "ok":
            self.redis.zadd(Keys.open_surveys, {Keys.open_survey_member(eid, sid): closes_at})
        return outcome

    def close(self, eid: str, sid: str, poll_ids: list[str], at_ms: int) -> str:
        keys = [Keys.event(eid), Keys.survey(eid, sid), *(Keys.poll(eid, pid) for pid in poll_ids)]
        outcome = text(self._close(keys=keys, args=[sid, at_ms]))
        self.redis.zrem(Keys.open_surveys, Keys.open_survey_member(eid, sid))
        return outcome

    def due(self, now_ms: int, count: int = 100) -> list[tuple[str, str]]:
        """(eid, sid) of open surveys whose closing time has passed, oldest first."""
        members = texts(self.redis.zrangebyscore(Keys.open_surveys, "-inf", f"({now_ms}", start=0, num=count))
        return [(eid, sid) for eid, sid in (member.split(":", 1) for member in members)]

    def claim_due(self, eid: str, sid: str) -> bool:
        """True for the one process that takes a due survey off the set (it then closes it)."""
        return bool(self.redis.zrem(Keys.open_surveys, Keys.open_survey_member(eid, sid)))

    # a participant's progress
    def progress(self, eid: str, sid: str, participant: str, now_ms: int, position: int | None) -> tuple[str, dict]:
        """('ok', record) or ('err', code): `position` moves them, None finishes (once)."""
        keys = [Keys.survey(eid, sid), Keys.survey_progress(eid, sid), Keys.survey_finishers(eid, sid)]
        args = [participant, now_ms, "finish" if position is None else "position", position or 0]
        status, detail = self._progress(keys=keys, args=args)
        if text(status) == "err":
            return "err", {"code": text(detail)}
        return "ok", decode_progress(detail)

    def phone_read(self, eid: str, sid: str, poll_ids: list[str], participant: str) -> dict | None:
        """{survey, progress, polls, votes} for one phone in one round trip: hashes as str dicts,
        the votes Ballots (None where not answered); None when the survey is gone."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(Keys.survey(eid, sid))
        pipe.hget(Keys.survey_progress(eid, sid), participant)
        for pid in poll_ids:
            pipe.hgetall(Keys.poll(eid, pid))
            pipe.hget(Keys.votes(eid, pid), participant)
        raw, progress, *rest = pipe.execute()
        if not raw:
            return None
        pairs = [(poll, vote) for poll, vote in zip(rest[0::2], rest[1::2], strict=True) if poll]
        return {
            "survey": decode_hash(raw),
            "progress": decode_progress(progress) if progress else None,
            "polls": [decode_hash(poll) for poll, _ in pairs],
            "votes": [decode_ballot(vote) for _, vote in pairs],
        }

    def all_progress(self, eid: str, sid: str) -> dict[str, dict]:
        return {text(k): decode_progress(v) for k, v in self.redis.hgetall(Keys.survey_progress(eid, sid)).items()}

    def answered(self, eid: str, poll_ids: list[str]) -> list[int]:
        """How many answered each poll, in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        for pid in poll_ids:
            pipe.hlen(Keys.votes(eid, pid))
        return pipe.execute()

    def finishers(self, eid: str, sid: str) -> list[str]:
        """The participants who finished the survey, in finishing order (ticket n is the n-th)."""
        return texts(self.redis.lrange(Keys.survey_finishers(eid, sid), 0, -1))


def decode_progress(raw) -> dict:
    """A participant's progress record as stored by survey_progress.lua (short keys, like a vote's)
    with names: {position, furthest, started_at, finished_at, ticket}."""
    record = json.loads(raw)
    return {
        "position": record["p"],
        "furthest": record.get("m", record["p"]),
        "started_at": record["s"],
        "finished_at": record.get("f"),
        "ticket": record.get("t"),
    }
