"""The job queue: one Redis stream read by one consumer group, so each job is with one worker at a time.

A job stays in the stream until it is done (XACK and XDEL together), so the stream's length is the
queue's depth, waiting and running. The worker that reads a job owns it in the group's pending list
and touches it every few seconds while it works (XCLAIM by its owner with JUSTID: the idle time goes
back to zero and no delivery is counted). A worker that died stops touching its job; once the job has
been idle for the retry time, the next worker to look claims it (XAUTOCLAIM, which counts a delivery),
so a job is never lost, and the delivery count says how many workers have tried it.
"""

from dataclasses import dataclass

import redis

from .base import TopicStore, decode_hash
from .keys import Keys

GROUP = "workers"


@dataclass
class Job:
    id: str
    fields: dict[str, str]
    deliveries: int


class JobStore(TopicStore):
    def __init__(self, client: redis.Redis):
        super().__init__(client)
        self._touch = self.script("job_touch.lua")

    def ensure_group(self) -> None:
        try:
            self.redis.xgroup_create(Keys.jobs, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def _grouped(self, command):
        """Runs `command()`, creating the group first when Redis lost it (a new or flushed database)."""
        try:
            return command()
        except redis.ResponseError as error:
            if "NOGROUP" not in str(error):
                raise
        self.ensure_group()
        return command()

    def enqueue(self, fields: dict[str, str], pipe=None) -> None:
        """Adds a job; pass the caller's MULTI pipeline to add it with what it is about."""
        (pipe or self.redis).xadd(Keys.jobs, fields)

    def depth(self) -> int:
        """Jobs waiting or running."""
        return int(self.redis.xlen(Keys.jobs))

    def take(self, worker: str, block_ms: int) -> Job | None:
        """A new job for `worker`, waiting up to `block_ms` for one."""
        reply = self._grouped(
            lambda: self.redis.xreadgroup(GROUP, worker, {Keys.jobs: ">"}, count=1, block=block_ms or None)
        )
        for _stream, entries in reply or []:
            for job_id, fields in entries:
                return Job(job_id.decode(), decode_hash(fields), 1)
        return None

    def reclaim(self, worker: str, idle_ms: int) -> Job | None:
        """A job whose worker has not touched it for `idle_ms`, now `worker`'s, with its delivery count."""
        reply = self._grouped(lambda: self.redis.xautoclaim(Keys.jobs, GROUP, worker, idle_ms, "0-0", count=1))
        for job_id, fields in reply[1]:
            if fields is None:  # deleted from the stream while pending: nothing left to do
                self.finish(job_id.decode())
                continue
            pending = self.redis.xpending_range(Keys.jobs, GROUP, job_id, job_id, 1)
            deliveries = pending[0]["times_delivered"] if pending else 1
            return Job(job_id.decode(), decode_hash(fields), deliveries)
        return None

    def touch(self, worker: str, job_id: str) -> bool:
        """The worker's heartbeat on its job; False when the job is no longer its own."""
        return bool(self._touch(keys=[Keys.jobs], args=[GROUP, worker, job_id, "touch"]))

    def release(self, worker: str, job_id: str) -> bool:
        """Hands a job back at once (a worker stopping on purpose); this try does not count."""
        return bool(self._touch(keys=[Keys.jobs], args=[GROUP, worker, job_id, "release"]))

    def finish(self, job_id: str) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.xack(Keys.jobs, GROUP, job_id)
        pipe.xdel(Keys.jobs, job_id)
        pipe.execute()

    def pending(self) -> list[dict]:
        """Jobs being worked on: [{id, worker, idle_ms, deliveries}]."""
        rows = self._grouped(lambda: self.redis.xpending_range(Keys.jobs, GROUP, "-", "+", 1000))
        return [
            {
                "id": row["message_id"].decode(),
                "worker": row["consumer"].decode(),
                "idle_ms": row["time_since_delivered"],
                "deliveries": row["times_delivered"],
            }
            for row in rows
        ]
