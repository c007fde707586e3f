"""A real job worker in-process: the event's own words hint the recognizer, and every clip it
transcribes runs on one thread. The hint: its polls' questions and options reach faster-whisper's
`initial_prompt` through a real job worker, and names spoken by espeak-ng come out spelled as the
organizer wrote them (WER before and after printed; docs/performance.md). Apart from
test_transcripts_language.py: that module's live server would take this module's jobs."""

import threading
from pathlib import Path

import pytest

from server.domain.transcripts import transcribe_job
from server.jobs.worker import Worker
from tests.helpers.clips import make_speech_clip, speak
from tests.helpers.jobs import work_through_queue
from tests.integration.test_transcripts import word_error_rate
from tests.unit.test_insights import Gathering

# Names and terms only this event has: what a general recognizer gets wrong and the polls spell out.
NAMED = "Kaisa Mäkäräinen opened the Hackathon at Kiasma, and the Tiimiakatemia workshop on Kubernetes was great."
POLLS = [
    ("Which session at Kiasma did you like most?", ["Tiimiakatemia workshop", "Kubernetes clinic", "Hackathon"]),
    ("How was Kaisa Mäkäräinen's opening?", ["Great", "Fine", "Poor"]),
]


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("named")
    return make_speech_clip(folder / "named.webm", speak(NAMED, folder / "named.wav", "en", 150))


@pytest.mark.slow
def test_the_events_words_reach_the_recognizer(organizer, hetki, config, clip):
    room = Gathering(organizer, hetki)
    for question, options in POLLS:
        organizer.poll(room.eid, question=question, options=options)
    rid = room.react("ann", video=clip)
    worker = Worker(hetki.store, config, name="hint-worker")
    model = worker.recognizer().model
    calls, transcribe = [], model.transcribe
    model.transcribe = lambda audio, **options: calls.append(options) or transcribe(audio, **options)
    worker.transcribe({"event": room.eid, "reaction": rid})
    prompt = calls[-1]["initial_prompt"]
    assert all(word in prompt for question, options in POLLS for word in [question, *options]), prompt
    with_hint = hetki.store.reactions.get(room.eid, rid)["transcript"]
    video = Path(clip)
    without = worker.recognizer().transcribe(video, "en").text
    assert calls[-1]["initial_prompt"] is None
    print(f"\nsaid:    {NAMED}\nno hint: {without} (WER {word_error_rate(NAMED, without):.3f})")
    print(f"hint:    {with_hint} (WER {word_error_rate(NAMED, with_hint):.3f})")


@pytest.mark.slow
def test_every_transcription_of_a_worker_runs_on_one_thread(organizer, hetki, config, clip):
    """CTranslate2 keeps its OpenMP team per calling thread: a thread per job cost each clip after
    the first 5-8x the CPU of a direct run (docs/performance.md)."""
    room = Gathering(organizer, hetki)
    rids = [room.react(name, video=clip) for name in ("ann", "bob", "cyd")]
    worker = Worker(hetki.store, config, name="thread-worker")
    model = worker.recognizer().model
    threads, transcribe = [], model.transcribe
    model.transcribe = lambda audio, **options: (
        threads.append(threading.get_native_id()) or transcribe(audio, **options)
    )
    for rid in rids:
        hetki.store.jobs.enqueue(transcribe_job(room.eid, rid))
    work_through_queue(worker)
    assert all(hetki.store.reactions.get(room.eid, rid)["transcript_state"] == "done" for rid in rids)
    assert len(threads) >= 3 and len(set(threads)) == 1, threads
