"""An event's insights as a job worker last made them, and the one job at a time that remakes them."""

import json

from .base import TopicStore
from .keys import Keys

# How long the "a job is queued" flag outlives a job that never finished (its worker died and every
# retry failed): then the next request queues another.
QUEUED_SECONDS = 600


def running_key(eid: str) -> str:
    """Set while a worker makes the event's insights (keys.py is near its 300 lines)."""
    return f"hetki:{{{eid}}}:insights-running"


class InsightsStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._save = self.script("insights_save.lua")

    def latest(self, eid: str) -> dict | None:
        """{digest, made_at, insights} as last saved, or None."""
        raw = self.redis.get(Keys.insights(eid))
        return json.loads(raw) if raw else None

    def request(self, eid: str, job: dict) -> None:
        """Queues `job` unless one for the event is queued already (one SET when one is). A job
        running does not count: what arrived since it started waits for the next one."""
        if self.redis.set(Keys.insights_queued(eid), 1, nx=True, ex=QUEUED_SECONDS):
            self.redis.xadd(Keys.jobs, job)

    def begin(self, eid: str) -> None:
        """A worker starts the event's job: from now on a new text queues the next one."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(running_key(eid), 1, ex=QUEUED_SECONDS)
        pipe.delete(Keys.insights_queued(eid))
        pipe.execute()

    def still_running(self, eid: str, running: bool = True) -> None:
        """A job that saved its insights works on (its model reads more texts), or has stopped."""
        if running:
            self.redis.set(running_key(eid), 1, ex=QUEUED_SECONDS)
        else:
            self.redis.delete(running_key(eid))

    def queued(self, eid: str) -> bool:
        """A job for the event is queued or running."""
        return bool(self.redis.exists(Keys.insights_queued(eid), running_key(eid)))

    def save(self, eid: str, made: dict) -> bool:
        """Keeps `made` ({digest, made_at, insights}) and clears the running flag; False if the event is gone."""
        keys = [Keys.event(eid), Keys.insights(eid), running_key(eid)]
        return bool(self._save(keys=keys, args=[json.dumps(made)]))

    def give_up(self, eid: str) -> None:
        """A job that failed: the next request or text may queue another."""
        self.redis.delete(Keys.insights_queued(eid), running_key(eid))
