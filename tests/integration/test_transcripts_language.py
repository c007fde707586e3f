"""Transcripts the organizer can trust: the language detected per clip even in an event that has one,
the event's own words as the recognizer's hint, and a worker that spends what a direct run does.
Speech is made by espeak-ng in the test, uploaded by a phone, transcribed by the real server's worker."""

import os
import resource
import time

import psutil
import pytest

from tests.helpers.clips import make_speech_clip, speak
from tests.integration.test_transcripts import event_with_reactions, phone_uploads, reaction_when, word_error_rate
from tests.helpers.api import sign_in
from tests.helpers.servers import LiveServer

LONG_ENGLISH = (
    "Thank you for the keynote this morning. The speaker explained renewable energy clearly, and the questions "
    "from the audience were excellent. I especially liked the part about solar panels on school roofs and the "
    "new wind farms on the coast. The coffee break was too short, and the room was a little cold, but the "
    "workshop after lunch was the best session of the whole conference. Please invite Laura Virtanen again next year."
)


@pytest.fixture(scope="module")
def server(redis_url, tmp_path_factory):
    live = LiveServer({"REDIS_URL": redis_url, "JOB_RETRY_SECONDS": "10", "LOG_LEVEL": "INFO"}, tmp_path_factory.mktemp("asr")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speech")
    return {"long_en": make_speech_clip(folder / "long.webm", speak(LONG_ENGLISH, folder / "long.wav", "en", 150))}


@pytest.fixture
def organizer(server, hetki, redis_client):
    return sign_in(server.http(), hetki, "ada@example.org")


def worker_process(server):
    children = psutil.Process(server.process.pid).children()
    assert len(children) == 1, children
    return children[0]


def cpu_seconds(process):
    times = process.cpu_times()
    return times.user + times.system


@pytest.mark.slow
def test_measure_worker_cpu(server, organizer, clips):
    worker = worker_process(server)
    for language in ("en", "fi"):
        event = event_with_reactions(organizer, language)
        before = cpu_seconds(worker)
        _, reaction = phone_uploads(server, event, clips["long_en"])
        done = reaction_when(organizer, event, reaction["id"], timeout=300)
        time.sleep(3)
        print(f"\n{language}: worker CPU {cpu_seconds(worker) - before:.1f} s threads {worker.num_threads()} nice {worker.nice()}"
              f" lang {done['transcript_language']} WER {word_error_rate(LONG_ENGLISH, done['transcript']):.3f}")
