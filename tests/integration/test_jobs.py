"""The job queue: a stream with a consumer group on the real Redis, real worker processes, real kills."""

import os
import signal
import socket
import subprocess
import sys

import psutil
import pytest

from server.jobs.worker import MAX_TRIES, Worker
from server.runtime.config import Config
from server.store import Store
from server.store.jobs import GROUP
from tests.helpers.api import sign_in
from tests.helpers.clips import make_speech_clip, speak
from tests.helpers.processes import wait_until
from tests.helpers.servers import ROOT, LiveServer

from .test_transcripts import ENGLISH, ENGLISH_KEYS, event_with_reactions, phone_uploads, reaction_when, words

EID, RID = "ev1", "r1"


@pytest.fixture
def store(redis_url, redis_client):
    return Store(redis_url, 4)


def video_reaction(store, job=True):
    """A stored video reaction (no file: these jobs never get as far as reading it) and its job, in
    an event that exists (a reaction of an erased event is refused)."""
    store.redis.hset(f"hetki:{{{EID}}}:event", "id", EID)
    reaction = {"id": RID, "participant": "p", "text": "", "status": "pending", "created_at": 1, "kind": "video"}
    reaction.update(extension="webm", transcript_state="queued")
    store.reactions.add(EID, reaction, {"kind": "transcribe", "event": EID, "reaction": RID} if job else None)


def test_a_result_is_written_once_and_never_into_a_deleted_reaction(store, redis_client):
    video_reaction(store, job=False)
    segments = [{"start": 0.0, "end": 1.0, "text": "first"}]
    assert store.transcripts.save(EID, RID, "first", "en", segments, "w1") == "ok"
    assert store.transcripts.save(EID, RID, "second", "en", [], "w2") == "done"
    assert store.transcripts.set_state(EID, RID, "transcribing") == "done"
    stored = store.reactions.get(EID, RID)
    assert (stored["transcript"], stored["transcript_worker"], stored["transcript_state"]) == ("first", "w1", "done")
    store.reactions.delete(EID, RID)
    assert store.transcripts.set_state(EID, RID, "transcribing") == "gone"
    assert store.transcripts.save(EID, RID, "late", "en", [], "w3") == "gone"
    assert not redis_client.exists(f"hetki:{{{EID}}}:reaction:{RID}")


def test_a_heartbeat_keeps_a_job_and_a_hand_back_frees_it_uncounted(store):
    video_reaction(store)
    job = store.jobs.take("a", 100)
    assert job.fields == {"kind": "transcribe", "event": EID, "reaction": RID} and store.jobs.depth() == 1
    assert store.jobs.touch("a", job.id) and not store.jobs.touch("b", job.id)
    assert store.jobs.reclaim("b", 10_000) is None  # touched just now: not idle
    assert store.jobs.release("a", job.id) and not store.jobs.release("b", job.id)
    again = store.jobs.reclaim("b", 10_000)
    assert again.id == job.id and again.deliveries == 1  # the handed-back try did not count
    assert not store.jobs.touch("a", job.id)  # it is b's now
    store.jobs.finish(job.id)
    assert store.jobs.depth() == 0 and store.jobs.pending() == []


def test_a_job_whose_workers_keep_dying_fails_after_max_tries(store, tmp_path):
    video_reaction(store)
    assert store.jobs.take("ghost", 100).deliveries == 1
    for _ in range(MAX_TRIES - 1):  # each claim by a worker that then died
        store.jobs.reclaim("ghost", 0)
    config = Config(REDIS_URL=store.url, DATA_DIR=tmp_path, SECRET_KEY="x", JOB_RETRY_SECONDS=0)
    rounds = []
    Worker(store, config, name="survivor").run(lambda: rounds.append(1) or len(rounds) > 1)
    stored = store.reactions.get(EID, RID)
    assert stored["transcript_state"] == "failed" and stored["transcript_reason"] == "worker_lost"
    assert store.jobs.depth() == 0 and store.jobs.pending() == []


def test_a_worker_recreates_the_group_when_redis_lost_it(store, redis_client):
    redis_client.flushdb()
    assert store.jobs.take("a", 10) is None
    assert redis_client.xinfo_groups("hetki:jobs")[0]["name"] == GROUP.encode()


def worker_process(env):
    return subprocess.Popen([sys.executable, "-m", "server", "worker"], cwd=ROOT, env=env)


@pytest.mark.slow
def test_a_worker_killed_mid_job_is_finished_once_by_another(redis_url, redis_client, hetki, tmp_path):
    clip = make_speech_clip(tmp_path / "en.webm", speak(ENGLISH, tmp_path / "en.wav"))
    server = LiveServer({"REDIS_URL": redis_url, "WORKERS": "0", "JOB_RETRY_SECONDS": "2"}, tmp_path / "data")
    server.start()
    first = second = None
    try:
        organizer = sign_in(server.http(), hetki, "ada@example.org")
        event = event_with_reactions(organizer, "en")
        _, reaction = phone_uploads(server, event, clip)
        assert reaction_when(organizer, event, reaction["id"], ("queued",))["queue"] == {"depth": 1}
        first = worker_process(server.env)
        reaction_when(organizer, event, reaction["id"], ("transcribing",), timeout=30)
        first.send_signal(signal.SIGKILL)  # mid-job: loading the model or transcribing
        first.wait(10)
        assert redis_client.xpending("hetki:jobs", GROUP)["pending"] == 1  # still the dead worker's
        second = worker_process(server.env)
        done = reaction_when(organizer, event, reaction["id"], timeout=60)
        assert done["transcript_state"] == "done" and done["queue"] == {"depth": 0}
        assert all(key in words(done["transcript"]) for key in ENGLISH_KEYS), done["transcript"]
        stored = redis_client.hgetall(f"hetki:{{{event['id']}}}:reaction:{reaction['id']}")
        assert stored[b"transcript_worker"].decode() == f"{socket.gethostname()}-{second.pid}"
        # the transcript queues the event's themes: the second worker does that job too, then nothing is left
        assert wait_until(lambda: redis_client.xlen("hetki:jobs") == 0, timeout=60)
        assert redis_client.xpending("hetki:jobs", GROUP)["pending"] == 0
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                process.terminate()
                process.wait(10)
        server.stop()


def test_the_server_starts_its_worker_and_stops_it_with_itself(redis_url, tmp_path):
    server = LiveServer({"REDIS_URL": redis_url, "TRANSCRIBE": "0"}, tmp_path).start()
    try:
        children = psutil.Process(server.process.pid).children()
        assert [c.cmdline()[-4:] for c in children] == [["server", "worker", "--parent", str(server.process.pid)]]
        worker = children[0]
    finally:
        server.stop()
    assert not worker.is_running() or worker.status() == psutil.STATUS_ZOMBIE


def test_a_servers_worker_leaves_when_the_server_is_killed(redis_url, tmp_path):
    server = LiveServer({"REDIS_URL": redis_url, "TRANSCRIBE": "0"}, tmp_path).start()
    (worker,) = psutil.Process(server.process.pid).children()
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(10)
    assert wait_until(lambda: not worker.is_running() or worker.status() == psutil.STATUS_ZOMBIE, timeout=10)


def test_workers_0_starts_none(redis_url, tmp_path):
    server = LiveServer({"REDIS_URL": redis_url, "WORKERS": "0"}, tmp_path).start()
    try:
        assert psutil.Process(server.process.pid).children() == []
    finally:
        server.stop()
