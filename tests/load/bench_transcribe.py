"""How long a 60 s reaction takes to transcribe, and a phone's vote ack latency while clips transcribe.

    .venv/bin/python -m tests.load.bench_transcribe [--clips N] [--phones N] [--seconds S] [--workers N]

Starts a private Redis and the real server (`python -m server`, which starts its job worker; with
--workers N, WORKERS=N), speaks ~60 s of English with espeak-ng into a WebM (PyAV), and:

  1. uploads it once and waits for the transcript: the first job also joins and loads the model;
  2. uploads it again: the time (and the worker's CPU time) of a warm transcription of 60 s of speech;
  3. N phones vote over Socket.IO every ~50 ms for S seconds with nothing else happening, then
     again for S seconds right after --clips uploads, while the worker transcribes them.

Prints the times and the ack latency (p50/p95/max) of both voting runs. Bounded in time: a watchdog
stops everything after the expected length plus five minutes.
"""

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from tests.helpers.clips import make_speech_clip, speak
from tests.load.bench_stalls import connect, signed_in_api, vote_for
from tests.load.processes import Rig, cpu_seconds, raise_open_files_limit
from tests.load.report import percentile

SPEECH = (
    "Thank you for the keynote this morning. I liked how the speaker explained the energy market, "
    "and the examples from the city of Tampere were easy to follow. The part about solar panels on "
    "school roofs was the most interesting for me, because our town is planning the same thing. "
    "I would have liked more time for questions at the end, and the slides were a little hard to "
    "read from the back of the hall. The microphone worked well and the sound was clear. "
    "Next year I hope there is a workshop where we can try the planning tools ourselves, in small "
    "groups, with real data from our own region. Overall it was a very useful session, and I will "
    "share the recording with my colleagues. Thank you again, and see you at the next event."
)


def sixty_second_clip(folder):
    wav = speak(SPEECH, folder / "speech.wav", "en", 115)
    return make_speech_clip(folder / "reaction.webm", wav, size=(320, 240))


def set_up(rig):
    api = signed_in_api(rig)
    event, poll = api.event_with_open_poll("Live")
    api.call("PATCH", f"/api/v1/events/{event['id']}", 200, json={"language": "en"})
    api.call("POST", f"/api/v1/events/{event['id']}/reactions/open", 200)
    return api, event, poll


def upload(api, event, clip):
    token = api.call("POST", f"/api/v1/join/{event['code']}", 201, json={})["participant_token"]
    with open(clip, "rb") as video:
        return api.call(
            "POST",
            f"/api/v1/join/{event['code']}/reactions",
            201,
            headers={"X-Participant-Token": token},
            data={"consent": "true"},
            files={"video": ("reaction.webm", video, "video/webm")},
        )["id"]


def states(api, event):
    listed = api.call("GET", f"/api/v1/events/{event['id']}/reactions", 200)
    return {r["id"]: r for r in listed["reactions"]}, listed["queue"]["depth"]


def wait_done(api, event, rid, timeout=600):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        reaction = states(api, event)[0][rid]
        if reaction["transcript_state"] in ("done", "failed"):
            return time.perf_counter() - started, reaction
        time.sleep(0.1)
    raise RuntimeError(f"no transcript after {timeout} s")


def latency_line(name, latencies):
    latencies = sorted(latencies)
    return (
        f"  {name:<13} {len(latencies):>6} votes  p50 {percentile(latencies, 50) * 1000:7.1f} ms  "
        f"p95 {percentile(latencies, 95) * 1000:7.1f} ms  max {latencies[-1] * 1000:7.1f} ms"
    )


async def voting(rig, api, event, poll, clip, args):
    phones = await connect(rig.url, event["code"], args.phones)
    try:
        print(latency_line("quiet", await vote_for(phones, poll, args.seconds)), flush=True)
        rids = [await asyncio.to_thread(upload, api, event, clip) for _ in range(args.clips)]
        latencies = await vote_for(phones, poll, args.seconds)
        reactions, depth = await asyncio.to_thread(states, api, event)
        done = sum(reactions[rid]["transcript_state"] == "done" for rid in rids)
        print(latency_line(f"{args.clips} clips", latencies), f" ({done} transcribed meanwhile, {depth} in queue)")
    finally:
        await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clips", type=int, default=4)
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    raise_open_files_limit()
    rig = Rig(env={"WORKERS": str(args.workers), "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    cap = 300 + 2 * args.seconds + 120 * args.clips
    watchdog = threading.Timer(cap, lambda: (print("watchdog: over time", flush=True), rig.kill_now(), os._exit(2)))
    watchdog.daemon = True
    watchdog.start()
    try:
        clip = sixty_second_clip(Path(tempfile.mkdtemp(prefix="hetki-speech-")))
        rig.start()
        api, event, poll = set_up(rig)
        cold, _ = wait_done(api, event, upload(api, event, clip))
        print(f"first 60 s clip (joins and loads the model): {cold:.1f} s from upload to transcript", flush=True)
        worker = psutil.Process(rig.server_process.pid).children()[0].pid
        cpu = cpu_seconds(worker)
        warm, reaction = wait_done(api, event, upload(api, event, clip))
        cpu = cpu_seconds(worker) - cpu
        words = len(reaction["transcript"].split())
        print(f"60 s clip, model loaded: {warm:.1f} s from upload to transcript, worker CPU {cpu:.1f} s; {words} words")
        print(f"  heard: {reaction['transcript'][:160]}…", flush=True)
        print(f"{args.phones} phones voting every ~50 ms, {args.seconds:.0f} s each:", flush=True)
        asyncio.run(voting(rig, api, event, poll, clip, args))
        return 0
    finally:
        watchdog.cancel()
        rig.stop()


if __name__ == "__main__":
    sys.exit(main())
