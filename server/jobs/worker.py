"""Job workers: processes apart from the server's event loop that take slow work (transcripts, an
event's insights) from the queue in Redis (server/store/jobs.py), so voting never waits for it.

`python -m server` starts WORKERS of them (one by default) and stops them with itself; `hetki worker`
(run_worker in server/__main__.py) runs one more anywhere that reaches the same Redis and MEDIA_DIR. A worker is a plain process, not
monkey-patched: the model runs in OS threads, niced below the server. Its main thread keeps the job
alive in the queue (a heartbeat) while another thread does the work, so a worker that dies stops the
heartbeat and its job goes to the next worker; a job tried MAX_TRIES times is marked failed.

The same thread renews the worker's lease (server/store/jobs.py). Once a dead worker's lease has run
out, LEASE_SECONDS after its last renewal, the next worker to look takes its job over at once: the
server starts a new worker when its own dies, so even the only one's job is done without a hand.
"""

import logging
import os
import queue
import socket
import threading
import time

import redis

from ..domain.errors import TooCostly
from ..domain.events import decode_event
from ..domain.insights import INSIGHTS_JOB, Insights, texts_arrived
from ..domain.polls import Polls
from ..domain.transcripts import TRANSCRIBE_JOB, progress_percent, vocabulary_hint
from ..domain.video_copies import TRANSCODE_JOB
from ..media import embeddings
from ..media.speech import ModelMissing, Recognizer, model_dir
from ..media.transcode import keep_mp4
from ..media.video import MediaStore, NotAVideo

log = logging.getLogger("hetki.worker")

MAX_TRIES = 3
TAKE_BLOCK_MS = 250  # one wait for a new job: also how soon a stop is noticed (the server waits for it)
NICENESS = 10  # below the server: the phones' acks come first when both want the CPU
# A lease outlives two missed renewals (a niced worker can be late on a busy machine: then its job
# is done twice, the result written once); a killed worker's job waits about this long.
LEASE_SECONDS = 3.0
RENEW_SECONDS = 1.0


def themes_model(config) -> dict:
    """The embedding model's port and name for Insights (loaded on first use, once per worker);
    nothing when THEMES_MODEL is off or the package is missing (the keyword themes)."""
    if not embeddings.available(config.THEMES_MODEL):
        return {}
    from importlib.metadata import version

    embedder = embeddings.Embedder(config.THEMES_THREADS)
    return {"embed": embedder.embed, "model": f"{embeddings.PACKAGE}-{version(embeddings.PACKAGE)}"}


class JobThread:
    """The one thread that runs every job of a worker, for its whole life. Called from a fresh
    thread per job, faster-whisper (CTranslate2, likely its per-thread OpenMP state) cost a 28 s
    clip 17-28 CPU-seconds instead of ~3 (docs/performance.md). Daemon: a worker told to stop
    leaves without waiting for it."""

    def __init__(self):
        self._work = queue.SimpleQueue()
        self._thread = None

    def submit(self, work) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="jobs", daemon=True)
            self._thread.start()
        self._work.put(work)

    def _loop(self):
        while True:
            self._work.get()()


class Stopping(Exception):
    """The worker was asked to stop (a signal, or the server that started it is gone)."""


def failure_reason(error: Exception) -> str:
    if isinstance(error, ModelMissing):
        return "no_model"
    if isinstance(error, TooCostly):
        return "too_costly"
    if isinstance(error, NotAVideo | FileNotFoundError):
        return "unreadable"
    return "error"


class Worker:
    def __init__(self, store, config, name=None, reserve=None):
        self.store = store
        self.config = config
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.retry_ms = int(config.JOB_RETRY_SECONDS * 1000)
        self.beat_seconds = max(0.2, min(5.0, config.JOB_RETRY_SECONDS / 4))
        self.media = MediaStore(config.MEDIA_DIR, reserve=reserve)  # a DiskReserve: room for MP4 copies
        self._recognizer = None
        self.insights = Insights(store, Polls(store), **themes_model(config))
        self.handlers = {
            TRANSCRIBE_JOB: self.transcribe,
            INSIGHTS_JOB: self.make_insights,
            TRANSCODE_JOB: self.transcode,
        }
        self._renewed = float("-inf")
        self.job_thread = JobThread()

    def run(self, should_stop) -> None:
        """Takes jobs until `should_stop()`; a job in hand then is given back (Stopping is raised)."""
        while not should_stop():
            try:
                self.renew_lease()
                job = self.store.jobs.reclaim_stranded(self.name, int(RENEW_SECONDS * 1000))
                job = job or self.store.jobs.reclaim(self.name, self.retry_ms)
                if job:
                    log.warning("job %s: its worker stopped; taken over (delivery %d)", job.id, job.deliveries)
                else:
                    job = self.store.jobs.take(self.name, TAKE_BLOCK_MS)
                if job:
                    self.work_on(job, should_stop)
            except (redis.ConnectionError, redis.TimeoutError):
                log.warning("Redis does not answer; trying again")
                time.sleep(1)

    def work_on(self, job, should_stop) -> None:
        if job.deliveries > MAX_TRIES:
            log.error("job %s: tried %d times, every worker stopped; failed", job.id, MAX_TRIES)
            self.fail(job.fields, "worker_lost")
            self.store.jobs.finish(job.id)
            return
        done = threading.Event()
        self.job_thread.submit(lambda: self._run(job, done))
        owned, beats = True, 0.0
        while not done.wait(0.2):
            if should_stop():
                if owned:
                    self.hand_back(job)
                raise Stopping()
            beats += 0.2
            self.renew_lease()
            if owned and beats >= self.beat_seconds:
                beats = 0.0
                owned = self._touch(job)
        if owned:
            self.store.jobs.finish(job.id)

    def renew_lease(self) -> None:
        if time.monotonic() - self._renewed < RENEW_SECONDS:
            return
        try:
            self.store.jobs.renew_lease(self.name, int(LEASE_SECONDS * 1000))
            self._renewed = time.monotonic()
        except redis.RedisError:
            log.warning("no lease renewed, Redis does not answer")

    def drop_lease(self) -> None:
        try:
            self.store.jobs.drop_lease(self.name)
        except redis.RedisError:
            pass  # it runs out by itself

    def _touch(self, job) -> bool:
        """The heartbeat; False once another worker has the job (this one was thought dead: it
        finishes anyway, and the result is written once)."""
        try:
            owned = self.store.jobs.touch(self.name, job.id)
        except redis.RedisError:
            log.warning("job %s: no heartbeat, Redis does not answer", job.id)
            return True
        if not owned:
            log.warning("job %s: taken over by another worker", job.id)
        return owned

    def _run(self, job, done) -> None:
        try:
            handler = self.handlers.get(job.fields.get("kind"))
            if handler is None:
                log.error("job %s: unknown kind %r, dropped", job.id, job.fields.get("kind"))
            else:
                handler(job.fields)
        except Exception as error:
            log.exception("job %s failed", job.id)
            try:
                self.fail(job.fields, failure_reason(error))
            except redis.RedisError:
                log.exception("job %s: the failure could not be recorded", job.id)
        finally:
            done.set()

    def hand_back(self, job) -> None:
        """Stopping on purpose: the job goes back at once for the next worker, this try not counted."""
        try:
            self.store.jobs.release(self.name, job.id)
            if job.fields.get("kind") == TRANSCRIBE_JOB:
                self.store.transcripts.set_state(job.fields["event"], job.fields["reaction"], "queued")
        except redis.RedisError:
            log.warning("job %s: not handed back (Redis does not answer); it is retried later", job.id)

    def fail(self, fields, reason) -> None:
        if fields.get("kind") == TRANSCRIBE_JOB:
            self.store.transcripts.set_state(fields["event"], fields["reaction"], "failed", reason)
        elif fields.get("kind") == INSIGHTS_JOB:
            self.store.insights.give_up(fields["event"])
        elif fields.get("kind") == TRANSCODE_JOB:
            self.store.reactions.update_if_present(fields["event"], fields["reaction"], {"mp4_state": "failed"})

    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            path = model_dir(self.config.ASR_MODEL, self.config.DATA_DIR)
            self._recognizer = Recognizer(path, self.config.ASR_THREADS)
        return self._recognizer

    def transcribe(self, fields) -> None:
        """A video reaction's transcript, in the event's language (or the one detected)."""
        eid, rid = fields["event"], fields["reaction"]
        reaction = self.store.reactions.get(eid, rid)
        if not reaction or reaction["kind"] != "video":
            return  # deleted meanwhile: nothing to do
        if self.store.transcripts.set_state(eid, rid, "transcribing") != "ok":
            return  # done already (a retried job whose first run got that far), or deleted
        raw_event = self.store.events.get(eid)
        language = decode_event(raw_event)["language"] if raw_event else None
        video = self.media.video_path(eid, rid, reaction["extension"])
        hint = vocabulary_hint(self.insights.polls.list(eid))
        result = self.recognizer().transcribe(video, language, hint, self._progress_of(eid, rid))
        self.store.transcripts.save(eid, rid, result.text, result.language, result.segments, self.name)
        texts_arrived(self.store, eid)
        log.info("transcribed %s/%s: %d characters, %s", eid, rid, len(result.text), result.language)

    def _progress_of(self, eid, rid):
        """Writes a transcript's percent as its segments come, at most once a second."""
        last = [float("-inf")]  # the first segment shows at once

        def progress(fraction):
            if time.monotonic() - last[0] >= 1.0:
                last[0] = time.monotonic()
                self.store.reactions.update_if_present(eid, rid, {"transcript_progress": progress_percent(fraction)})

        return progress

    def make_insights(self, fields) -> None:
        """An event's themes made again (the web process only reads them)."""
        raw_event = self.store.events.get(fields["event"])
        if not raw_event:
            self.store.insights.give_up(fields["event"])
            return  # erased meanwhile
        started = time.monotonic()
        if self.insights.make(decode_event(raw_event)):
            log.info("insights of %s made in %.1f s", fields["event"], time.monotonic() - started)

    def transcode(self, fields) -> None:
        """A video reaction's MP4 copy (H.264 + AAC) beside its stored file, for the reactions ZIP."""
        eid, rid = fields["event"], fields["reaction"]
        reaction = self.store.reactions.get(eid, rid)
        if not reaction or reaction["kind"] != "video" or reaction.get("mp4_state") == "done":
            return  # deleted meanwhile, or done by an earlier try
        started = time.monotonic()
        size = keep_mp4(self.media, eid, rid, reaction["extension"])
        if size is None or not self.store.reactions.update_if_present(
            eid, rid, {"mp4_state": "done", "mp4_size": size}
        ):
            self.media.mp4_path(eid, rid).unlink(missing_ok=True)  # its reaction went meanwhile
            return
        log.info("MP4 of %s/%s made in %.1f s: %d bytes", eid, rid, time.monotonic() - started, size)
