"""The crowd: an organizer's open poll over HTTP, phones that join and connect over
Socket.IO, the presenter that watches results, and the closed vote loop."""

import asyncio
import collections
import contextlib
import json
import sys
import time

import aiohttp
import requests
import socketio

from tests.load.processes import ROOT
from tests.load.thin_client import ThinClient

OPTIONS = ("Red", "Green", "Blue", "Yellow")


def set_up_poll(rig):
    """An organizer made by the app's own service, then a token, an event and an open poll."""
    from server import create_app
    from server.runtime.config import Config

    app = create_app(Config(REDIS_URL=rig.redis_url, DATA_DIR=rig.dir / "data", SECRET_KEY="x", MESSAGE_QUEUE=False))
    email, password = "bench@example.org", "correct horse battery"
    app.extensions["hetki"].organizers.create(email, password)
    http = requests.Session()

    def call(method, path, expect, **kwargs):
        reply = http.request(method, rig.url + path, timeout=30, **kwargs)
        if reply.status_code != expect:
            raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.text[:300]}")
        return reply.json()

    token = call("POST", "/api/v1/token", 200, json={"email": email, "password": password})["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    event = call("POST", "/api/v1/events", 201, json={"title": "Benchmark"})
    # every benchmark phone joins from 127.0.0.1: past the event's default 3,000 a minute
    call("PATCH", f"/api/v1/events/{event['id']}", 200, json={"join_limit": 100_000})
    poll = call(
        "POST",
        f"/api/v1/events/{event['id']}/polls",
        201,
        json={"type": "single", "question": "Favourite colour?", "options": list(OPTIONS)},
    )
    call("POST", f"/api/v1/polls/{poll['id']}/open", 200)
    return {
        "token": token,
        "event": event,
        "poll": poll,
        "http": http,
        "results": lambda: call("GET", f"/api/v1/polls/{poll['id']}/results", 200),
    }


def set_up_bare(rig):
    """The bare reference server's own event and poll (tests/load/bare_server.py)."""
    http = requests.Session()
    setup = http.post(rig.url + "/bare/setup", timeout=30).json()
    results_url = f"{rig.url}/api/v1/polls/{setup['poll']['id']}/results"
    return {**setup, "token": None, "http": http, "results": lambda: http.get(results_url, timeout=30).json()}


# ----------------------------------------------------------------------------- clients


class Phone:
    __slots__ = ("error", "first_ack", "index", "last_value", "sio", "states", "token", "uncertain", "votes")

    def __init__(self, index):
        self.index = index
        self.token = None
        self.sio = None
        self.states = 0
        self.last_value = None  # the value of this phone's last acked vote
        self.votes = 0
        self.first_ack = None  # when this phone's first vote was acked (it became a voter)
        self.uncertain = False  # a vote timed out: it may or may not have been counted
        self.error = None


class Presenter:
    """The presenter screen in its own process (tests/load/presenter_screen.py); `results` holds
    (arrival perf_counter time, payload) as they come, `changed` is set on each."""

    def __init__(self, url, auth):
        self.url, self.auth = url, auth
        self.results = []
        self.changed = asyncio.Event()
        self.process = None
        self._reader = None

    async def connect(self):
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.load.presenter_screen",
            self.url,
            json.dumps(self.auth),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
        while True:
            line = await asyncio.wait_for(self.process.stdout.readline(), 30)
            if not line:
                raise RuntimeError("the presenter screen exited before it connected")
            if line.strip() == b"connected":
                break
            self._record(line)
        self._reader = asyncio.ensure_future(self._read())

    def _record(self, line):
        at, _, payload = line.decode().partition("\t")
        self.results.append((float(at), json.loads(payload)))
        self.changed.set()

    async def _read(self):
        async for line in self.process.stdout:
            self._record(line)

    async def close(self):
        if self.process is None or self.process.returncode is not None:
            return
        self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
        if self._reader:
            self._reader.cancel()


class Progress:
    """Prints how far a phase got every few seconds, so a stall shows while it happens."""

    def __init__(self, label, total, every=2.0):
        self.label, self.total, self.every = label, total, every
        self.done = self.failed = 0
        self._task = None

    async def _run(self):
        last = -1
        stalled_since = time.monotonic()
        while True:
            await asyncio.sleep(self.every)
            if self.done + self.failed != last:
                last, stalled_since = self.done + self.failed, time.monotonic()
                print(f"    {self.label}: {self.done}/{self.total} ok, {self.failed} failed", flush=True)
            else:
                print(
                    f"    {self.label}: no progress for {time.monotonic() - stalled_since:.0f}s "
                    f"({self.done}/{self.total} ok, {self.failed} failed)",
                    flush=True,
                )

    def __enter__(self):
        self._task = asyncio.ensure_future(self._run())
        return self

    def __exit__(self, *exc):
        self._task.cancel()


async def join_phones(url, code, phones, concurrency):
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=30)
    ) as http:
        with Progress("join", len(phones)) as progress:

            async def join(phone):
                try:
                    async with http.post(f"{url}/api/v1/join/{code}", json={}) as reply:
                        body = await reply.json(content_type=None)
                        if reply.status != 201:
                            raise RuntimeError(f"join -> {reply.status} {body}")
                        phone.token = body["participant_token"]
                    progress.done += 1
                except Exception as exc:
                    phone.error = f"join: {exc!r}"
                    progress.failed += 1

            await asyncio.gather(*(join(p) for p in phones))


async def connect_phones(url, code, phones, session, concurrency, thin=False):
    """thin: phones as ThinClient (tests/load/thin_client.py) rather than socketio.AsyncClient."""
    gate = asyncio.Semaphore(concurrency)
    with Progress("connect", len(phones)) as progress:

        async def connect(phone):
            async with gate:
                if thin:
                    sio = ThinClient()
                else:
                    sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=session)

                async def on_state(payload=None, phone=phone):
                    phone.states += 1

                sio.on("state", on_state, namespace="/audience")
                try:
                    await asyncio.wait_for(
                        sio.connect(
                            url,
                            auth={"code": code, "participant": phone.token},
                            namespaces=["/audience"],
                            transports=["websocket"],
                            wait_timeout=30,
                        ),
                        40,
                    )
                    phone.sio = sio
                    progress.done += 1
                except Exception as exc:
                    phone.error = f"connect: {exc!r}"
                    progress.failed += 1
                    with contextlib.suppress(Exception):
                        await sio.disconnect()

        await asyncio.gather(*(connect(p) for p in phones if p.token))


async def vote_loop(phones, poll_id, option_ids, seconds, ack_timeout, rng):
    """Every phone votes again as soon as its ack arrives, until `seconds` have passed."""
    latencies = []
    per_second = collections.Counter()
    errors = collections.Counter()
    state = {"last_ack": None, "timeouts": 0}
    start = time.perf_counter()
    end = start + seconds

    async def run(phone):
        n = 0
        call = phone.sio.call
        while True:
            sent = time.perf_counter()
            if sent >= end:
                return
            n += 1
            value = rng.choice(option_ids)
            try:
                ack = await call(
                    "vote",
                    {"poll_id": poll_id, "value": value, "client_vote_id": f"p{phone.index}-v{n}"},
                    namespace="/audience",
                    timeout=ack_timeout,
                )
            except socketio.exceptions.TimeoutError:
                state["timeouts"] += 1
                phone.uncertain = True
                continue
            except Exception as exc:  # disconnected, ...
                errors[f"exception {type(exc).__name__}"] += 1
                phone.uncertain = True
                return
            now = time.perf_counter()
            if isinstance(ack, dict) and ack.get("ok"):
                latencies.append(now - sent)
                per_second[int(now - start)] += 1
                phone.last_value = value
                phone.votes += 1
                if phone.first_ack is None:
                    phone.first_ack = now
                state["last_ack"] = now
            else:
                code = (ack or {}).get("error", {}).get("code") if isinstance(ack, dict) else repr(ack)
                errors[str(code)] += 1

    await asyncio.gather(*(run(p) for p in phones))
    return {
        "start": start,
        "end": time.perf_counter(),
        "latencies": latencies,
        "per_second": per_second,
        "errors": errors,
        **state,
    }
