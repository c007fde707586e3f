"""An event's "you said, we did" update: one JSON value under the event's tag, so erasing the
event (EventStore.delete scans its keys) erases it too. It holds no attendee data."""

import json

from .base import TopicStore
from .keys import Keys


class UpdateStore(TopicStore):
    def get(self, eid: str) -> dict | None:
        raw = self.redis.get(Keys.update(eid))
        return json.loads(raw) if raw else None

    def change(self, eid: str, edit) -> dict | None:
        """Writes edit(the update now, or None) while the event exists: the new update, or None
        when the event is gone. WATCHed, so two organizer tabs saving at once never lose a publish
        (a change between the read and the write runs `edit` again on what is stored then)."""
        key = Keys.update(eid)

        def attempt(pipe):
            if not pipe.exists(Keys.event(eid)):
                return None
            raw = pipe.get(key)
            new = edit(json.loads(raw) if raw else None)
            pipe.multi()
            pipe.set(key, json.dumps(new, ensure_ascii=False))
            return new

        return self.transact(attempt, Keys.event(eid), key)

    def delete(self, eid: str) -> bool:
        return bool(self.redis.delete(Keys.update(eid)))
