"""The indexes that let a phone read only its own items: per participant (own questions, upvotes,
reactions) and the ranked questions phones see. Every write keeps them (questions.py,
reactions.py, upvote.lua); an event stored by an older version gets them built once, lazily, the
first time it is read (lua/index_event.lua), flagged by Keys.indexes.
"""

from .base import TopicStore
from .keys import Keys

SHOWN_STATES = ("approved", "answered")  # the question states phones see (domain.questions agrees)


class EventIndexes(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._build = self.script("index_event.lua")

    def ensure(self, eid: str) -> None:
        if not self.redis.exists(Keys.indexes(eid)):
            self.build(eid)

    def build(self, eid: str) -> bool:
        """Indexes what the event holds; False when the event is gone (nothing is written)."""
        keys = [Keys.event(eid), Keys.indexes(eid), Keys.questions(eid), Keys.reactions(eid), Keys.shown_questions(eid)]
        prefix = Keys.event(eid).removesuffix("event")
        return bool(self._build(keys=keys, args=[prefix, *SHOWN_STATES]))
