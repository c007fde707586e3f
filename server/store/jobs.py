"""The job queue: one Redis stream read by one consumer group, so each job is with one worker at a time.

A job stays in the stream until it is done (XACK and XDEL together), so the stream's length is the
queue's depth, waiting and running. The worker that reads a job owns it in the group's pending list
and touches it every few seconds while it works (XCLAIM by its owner with JUSTID: the idle time goes
back to zero and no delivery is counted). A worker that died stops touching its job; once the job has
been idle for the retry time, the next worker to look claims it (XAUTOCLAIM, which counts a delivery),
so a job is never lost, and the delivery count says how many workers have tried it.

Each worker also holds a lease, a key with a short TTL that it renews while it lives. A job whose
owner's lease is gone (killed, or frozen for longer than the lease) is claimed by the next worker to
look at once (XCLAIM, counted), without waiting out the retry time, and the gallery can say which
jobs wait for a worker.
"""

from dataclasses import dataclass
from typing import Any, cast

import redis

from .base import TopicStore, decode_hash, texts
from .keys import Keys

GROUP = "workers"
LEASE_PREFIX = Keys.job_lease_prefix
LEASED = Keys.job_workers
DEPTH_SCAN = 10_000  # jobs looked at when counting one kind (each a few fields: well under a MB)
STRANDED_SCAN = 100  # running jobs looked at for a dead owner: about one per worker


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
        (pipe or self.redis).xadd(Keys.jobs, cast(dict, fields))  # redis-py's type: a dict of its encodable union

    def depth(self, kind: str | None = None) -> int:
        """Jobs waiting or running; of one kind only, counted among the first DEPTH_SCAN jobs."""
        if kind is None:
            return int(self.redis.xlen(Keys.jobs))
        entries = cast(list, self.redis.xrange(Keys.jobs, count=DEPTH_SCAN))  # [(id, {field: value})]
        return sum(1 for _id, fields in entries if fields.get(b"kind") == kind.encode())

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
            return Job(job_id.decode(), decode_hash(fields), self._deliveries(job_id))
        return None

    def renew_lease(self, worker: str, ttl_ms: int) -> None:
        """`worker` is alive for `ttl_ms` more."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(LEASE_PREFIX + worker, "1", px=ttl_ms)
        pipe.sadd(LEASED, worker)
        pipe.execute()

    def drop_lease(self, worker: str) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(LEASE_PREFIX + worker)
        pipe.srem(LEASED, worker)
        pipe.execute()

    def _alive(self, workers: list[str]) -> dict[str, bool]:
        pipe = self.redis.pipeline(transaction=False)
        for worker in workers:
            pipe.exists(LEASE_PREFIX + worker)
        return dict(zip(workers, map(bool, pipe.execute()), strict=True))

    def live_workers(self) -> set[str]:
        """Workers whose lease holds; names whose lease ran out are forgotten (a worker that was
        only late adds its name again with its next renewal)."""
        alive = self._alive(sorted(texts(self.redis.smembers(LEASED))))
        dead = [name for name, is_alive in alive.items() if not is_alive]
        if dead:
            self.redis.srem(LEASED, *dead)
        return {name for name, is_alive in alive.items() if is_alive}

    def _dead_owners(self, worker: str) -> list[str]:
        summary = self._grouped(lambda: self.redis.xpending(Keys.jobs, GROUP))
        owners = [row["name"].decode() for row in summary.get("consumers") or []]
        return [name for name, alive in self._alive([o for o in owners if o != worker]).items() if not alive]

    def reclaim_stranded(self, worker: str, min_idle_ms: int) -> Job | None:
        """A job whose owner's lease is gone, now `worker`'s (a delivery counted, so a job that kills
        every worker still fails after its tries). `min_idle_ms` keeps two workers that look at
        once from both taking it: the first claim makes it idle no more."""
        for owner in self._dead_owners(worker):
            for row in self._pending("-", "+", 10, consumername=owner, idle=min_idle_ms):
                job_id = row["message_id"].decode()
                claimed = cast(list, self.redis.xclaim(Keys.jobs, GROUP, worker, min_idle_ms, [job_id]))
                if not claimed:
                    continue  # another worker was first
                if claimed[0][1] is None:  # deleted from the stream while pending
                    self.finish(job_id)
                    continue
                return Job(job_id, decode_hash(claimed[0][1]), self._deliveries(job_id))
        return None

    def _deliveries(self, job_id: str) -> int:
        pending = self._pending(job_id, job_id, 1)
        return pending[0]["times_delivered"] if pending else 1

    def _pending(self, start: str, end: str, count: int, **filters: Any) -> list[dict[str, Any]]:
        """XPENDING's extended form, [{message_id, consumer, time_since_delivered, times_delivered}]:
        redis-py types each value as any reply."""
        return cast(list, self.redis.xpending_range(Keys.jobs, GROUP, start, end, count, **filters))

    def stranded(self, live: set[str]) -> list[dict[str, str]]:
        """The fields of running jobs whose owner is not among the `live` workers."""
        rows = self._grouped(lambda: self._pending("-", "+", STRANDED_SCAN))
        ids = [row["message_id"] for row in rows if row["consumer"].decode() not in live]
        if not ids:
            return []
        pipe = self.redis.pipeline(transaction=False)
        for job_id in ids:
            pipe.xrange(Keys.jobs, job_id, job_id)
        return [decode_hash(entries[0][1]) for entries in pipe.execute() if entries and entries[0][1]]

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
        rows = self._grouped(lambda: self._pending("-", "+", 1000))
        return [
            {
                "id": row["message_id"].decode(),
                "worker": row["consumer"].decode(),
                "idle_ms": row["time_since_delivered"],
                "deliveries": row["times_delivered"],
            }
            for row in rows
        ]
