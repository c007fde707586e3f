"""The thank-you draws of an event's surveys: a list per survey, newest last, erased with the event
(the keys carry its hash tag, so EventStore.delete's scan finds them)."""

import json

from .base import TopicStore, texts
from .keys import Keys
from .surveys import decode_progress


class DrawStore(TopicStore):
    def add(self, eid: str, sid: str, draw: dict, most: int) -> bool:
        """Keeps the draw, and only the newest `most` of the survey's; False once the event is gone."""
        key = Keys.draws(eid, sid)

        def writes(pipe):
            pipe.rpush(key, json.dumps(draw))
            pipe.ltrim(key, -most, -1)

        return self.write_while_exists(Keys.event(eid), writes)

    def ticket_of(self, eid: str, sid: str, participant: str) -> int | None:
        """The participant's ticket: their place in the survey's finishing order (store/surveys.py
        keeps it in their progress record as `t`), None until they finished."""
        raw = self.redis.hget(Keys.survey_progress(eid, sid), participant)
        return decode_progress(raw)["ticket"] if raw else None

    def all(self, eid: str, sid: str) -> list[dict]:
        return [json.loads(raw) for raw in texts(self.redis.lrange(Keys.draws(eid, sid), 0, -1))]
