"""Does CPU work stall the event loop? A phone's vote ack latency while other clients load the server.

    .venv/bin/python -m tests.load.bench_stalls [--server-root DIR] [--seconds S] [--phones N]
        [--scenarios quiet,logins,uploads,export,all] [--login-limits on|off]

Starts a private Redis and the real server (`python -m server` from --server-root, default this
tree, so an older checkout can be measured the same way: `git worktree add /tmp/hetki-before REV`)
on loopback, with scrypt password hashing as in production. Everything is set up over HTTP and
the CLI, so any version of the server can be measured. Then, per scenario, N phones vote over
Socket.IO every ~50 ms for S seconds while:

  quiet    nothing else happens
  logins   8 clients post wrong passwords to /api/v1/token (a known account and unknown addresses)
  uploads  6 clients each upload a 60 s WebM reaction (~1 MB), again and again
  export   a client downloads the XLSX export of an event with 3,000 responses, again and again
  all      all of the above at once

It prints the ack latency (p50/p95/max) and what the load clients were answered. With
--login-limits on (the default) the server's sign-in limits apply, so most flood attempts get a
cheap 429; `off` sets them empty, so every attempt is hashed. Bounded in time: a watchdog stops
everything after the run's expected length plus two minutes.
"""

import argparse
import asyncio
import collections
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import aiohttp
import requests
import socketio

from tests.helpers.clips import make_clip
from tests.helpers.organizer_cli import create_organizer
from tests.load.processes import ROOT, Rig, raise_open_files_limit
from tests.load.report import percentile

EMAIL, PASSWORD = "bench@example.org", "correct horse battery"
SCENARIOS = ("quiet", "logins", "uploads", "export", "all")
SEEDED_RESPONSES = 3000
OPTIONS = ["Red", "Green", "Blue", "Yellow"]


class Api:
    def __init__(self, url):
        self.url = url
        self.http = requests.Session()

    def call(self, method, path, expect, **kwargs):
        reply = self.http.request(method, self.url + path, timeout=60, **kwargs)
        if reply.status_code != expect:
            raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.text[:300]}")
        return reply.json() if reply.content else None

    def event_with_open_poll(self, title):
        event = self.call("POST", "/api/v1/events", 201, json={"title": title})
        poll = self.call(
            "POST",
            f"/api/v1/events/{event['id']}/polls",
            201,
            json={"type": "single", "question": "?", "options": OPTIONS},
        )
        self.call("POST", f"/api/v1/polls/{poll['id']}/open", 200)
        return event, poll


def signed_in_api(rig):
    """An organizer made through the CLI of the measured tree, and an Api signed in as them."""
    env = {**os.environ, "REDIS_URL": rig.redis_url, "DATA_DIR": str(rig.dir / "data"), "SECRET_KEY": "x"}
    create_organizer([sys.executable, "-m", "flask", "--app", "server"], EMAIL, PASSWORD, cwd=rig.server_root, env=env)
    api = Api(rig.url)
    token = api.call("POST", "/api/v1/token", 200, json={"email": EMAIL, "password": PASSWORD})["token"]
    api.http.headers["Authorization"] = f"Bearer {token}"
    return api


def set_up(rig):
    """An organizer, a live event and an event to export."""
    api = signed_in_api(rig)
    live_event, live_poll = api.event_with_open_poll("Live")
    api.call("POST", f"/api/v1/events/{live_event['id']}/reactions/open", 200)
    export_event, export_poll = api.event_with_open_poll("To export")
    asyncio.run(seed(rig.url, export_event["code"], export_poll))
    return {
        "api": api,
        "token": api.http.headers["Authorization"].split(" ", 1)[1],
        "live": (live_event, live_poll),
        "export": export_event,
    }


async def seed(url, code, poll):
    """SEEDED_RESPONSES participants join and vote over HTTP, 50 at a time."""
    gate = asyncio.Semaphore(50)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:

        async def one(n):
            async with gate:
                async with http.post(f"{url}/api/v1/join/{code}", json={}) as reply:
                    token = (await reply.json())["participant_token"]
                body = {"value": poll["options"][n % 4]["id"], "client_vote_id": f"seed-{n}"}
                headers = {"X-Participant-Token": token}
                async with http.post(f"{url}/api/v1/polls/{poll['id']}/votes", json=body, headers=headers) as reply:
                    assert reply.status == 200, await reply.text()

        await asyncio.gather(*(one(n) for n in range(SEEDED_RESPONSES)))


class Load:
    """Load clients in threads of a child process (so their Python work does not delay the phones'
    event loop here), counting the statuses they were answered."""

    def __init__(self, target, kinds):
        """`target`: url, token (organizer), known_email, live_code (reactions open), export_id, clip."""
        context = multiprocessing.get_context("spawn")
        self.stop, self.answers = context.Event(), context.Queue()
        self.process = context.Process(target=load_clients, args=(target, kinds, self.stop, self.answers), daemon=True)
        self.replies = {}

    def __enter__(self):
        self.process.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.replies = self.answers.get(timeout=180)
        self.process.join(10)


def load_clients(target, kinds, stop, answers):
    """In the child: 8 login flooders, 6 uploaders and/or one exporter until `stop` is set."""
    url = target["url"]
    replies = collections.defaultdict(collections.Counter)
    lock = threading.Lock()

    def record(kind, status):
        with lock:
            replies[kind][status] += 1

    def flood(n):
        http, emails = requests.Session(), (target["known_email"], f"nobody{n}@example.org")
        attempt = 0
        while not stop.is_set():
            attempt += 1
            body = {"email": emails[attempt % 2], "password": uuid.uuid4().hex}
            record("login", http.post(f"{url}/api/v1/token", json=body, timeout=60).status_code)

    def upload():
        http, code = requests.Session(), target["live_code"]
        while not stop.is_set():
            token = http.post(f"{url}/api/v1/join/{code}", json={}, timeout=60).json()["participant_token"]
            with open(target["clip"], "rb") as video:
                reply = http.post(
                    f"{url}/api/v1/join/{code}/reactions",
                    headers={"X-Participant-Token": token},
                    data={"consent": "true"},
                    files={"video": ("reaction.webm", video, "video/webm")},
                    timeout=120,
                )
            record("upload", reply.status_code)

    def export():
        http = requests.Session()
        path = f"{url}/api/v1/events/{target['export_id']}/export?format=xlsx"
        while not stop.is_set():
            started = time.perf_counter()
            reply = http.get(path, headers={"Authorization": f"Bearer {target['token']}"}, timeout=120)
            record("export", reply.status_code)
            record("export_seconds", round(time.perf_counter() - started, 1))

    threads = []
    if "logins" in kinds:
        threads += [threading.Thread(target=flood, args=(n,)) for n in range(8)]
    if "uploads" in kinds:
        threads += [threading.Thread(target=upload) for _ in range(6)]
    if "export" in kinds:
        threads.append(threading.Thread(target=export))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answers.put({kind: dict(counter) for kind, counter in replies.items()})


async def connect(url, code, count):
    phones = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        for _ in range(count):
            async with http.post(f"{url}/api/v1/join/{code}", json={}) as reply:
                token = (await reply.json())["participant_token"]
            phone = socketio.AsyncClient(reconnection=False, handle_sigint=False)
            await phone.connect(
                url, namespaces=["/audience"], transports=["websocket"], auth={"code": code, "participant": token}
            )
            phones.append(phone)
    return phones


async def vote_for(phones, poll, seconds):
    """Every phone votes every ~50 ms; the ack latencies, in seconds."""
    latencies, end = [], time.perf_counter() + seconds
    options = [o["id"] for o in poll["options"]]

    async def run(i, phone):
        n = 0
        while time.perf_counter() < end:
            n += 1
            sent = time.perf_counter()
            vote = {"poll_id": poll["id"], "value": options[(i + n) % 4], "client_vote_id": f"{i}-{uuid.uuid4().hex}"}
            ack = await phone.call("vote", vote, namespace="/audience", timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"vote refused: {ack}")
            latencies.append(time.perf_counter() - sent)
            await asyncio.sleep(0.05)

    await asyncio.gather(*(run(i, phone) for i, phone in enumerate(phones)))
    return latencies


async def run_scenarios(rig, setup, clip, args):
    event, poll = setup["live"]
    target = {
        "url": rig.url,
        "token": setup["token"],
        "known_email": EMAIL,
        "live_code": event["code"],
        "export_id": setup["export"]["id"],
        "clip": str(clip),
    }
    phones = await connect(rig.url, event["code"], args.phones)
    try:
        for name in args.scenarios:
            kinds = ("logins", "uploads", "export") if name == "all" else (name,)
            with Load(target, kinds) as load:
                await asyncio.sleep(0.5 if name != "quiet" else 0)  # the load is under way
                latencies = sorted(await vote_for(phones, poll, args.seconds))
            replies = load.replies
            print(
                f"  {name:<8} {len(latencies):>6} votes  p50 {percentile(latencies, 50) * 1000:8.1f} ms  "
                f"p95 {percentile(latencies, 95) * 1000:8.1f} ms  max {latencies[-1] * 1000:8.1f} ms  {replies}",
                flush=True,
            )
    finally:
        await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server-root", default=str(ROOT))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--login-limits", choices=("on", "off"), default="on")
    args = parser.parse_args()
    args.scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}")
    raise_open_files_limit()
    env = {"PASSWORD_HASH_METHOD": "scrypt"}
    if args.login_limits == "off":
        env.update(
            {
                "RATE_LIMIT_LOGIN_ACCOUNT": "",
                "RATE_LIMIT_LOGIN_ACCOUNT_IP": "",
                "RATE_LIMIT_LOGIN_IP": "",
                "LOGIN_DELAY_SECONDS": "0",
            }
        )
    rig = Rig(server_root=args.server_root, env=env)
    cap = 120 + len(args.scenarios) * (args.seconds + 30)
    watchdog = threading.Timer(
        cap, lambda: (print(f"watchdog: over {cap:.0f} s", flush=True), rig.kill_now(), os._exit(2))
    )
    watchdog.daemon = True
    watchdog.start()
    try:
        print(f"server from {args.server_root}; sign-in limits {args.login_limits}", flush=True)
        rig.start()
        clip = make_clip(Path(tempfile.mkdtemp(prefix="hetki-clip-")) / "reaction.webm", seconds=60, size=(320, 240))
        setup = set_up(rig)
        print(f"{args.phones} phones voting every ~50 ms, {args.seconds:.0f} s per scenario:", flush=True)
        asyncio.run(run_scenarios(rig, setup, clip, args))
        return 0
    finally:
        watchdog.cancel()
        rig.stop()


if __name__ == "__main__":
    sys.exit(main())
