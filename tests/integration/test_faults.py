"""Faults injected for real: Redis missing at start, the server killed with 500 phones voting.

After every fault the counts of each poll must equal what its stored ballots add up to
(tests/helpers/ballots.py)."""

import asyncio
import resource
import subprocess
import sys
import time
import uuid

import pytest
import redis
import requests
import socketio

from server.store.ballots import Ballot
from server.store.keys import Keys
from tests.helpers.api import LiveHttp, sign_in
from tests.helpers.ballots import assert_counts_match_ballots
from tests.helpers.clients import Phone, PresenterScreen, join, join_many
from tests.helpers.processes import redis_answers, start_redis, wait_until
from tests.helpers.servers import ROOT, LiveServer, services_over


def health(server):
    try:
        return requests.get(server.url + "/healthz", timeout=2).status_code
    except requests.RequestException:
        return None


@pytest.fixture
def redis_later(tmp_path):
    """A Redis url whose server is not running yet; start() starts it. Stopped after the test."""
    folder = tmp_path / "redis"
    folder.mkdir()
    sock = folder / "redis.sock"
    started = []

    class Later:
        url = f"unix://{sock}"

        def start(self):
            started.append(start_redis(sock, folder, "--appendonly", "no"))
            assert redis_answers(self.url), "Redis did not start"

    yield Later()
    for process in started:
        process.terminate()
        process.wait(10)


def test_server_starts_without_redis_and_heals_when_it_comes(tmp_path, redis_later):
    server = LiveServer({"REDIS_URL": redis_later.url, "LOG_LEVEL": "CRITICAL"}, tmp_path / "data")
    server.process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=server.env)
    try:
        assert wait_until(lambda: health(server) == 503, timeout=30), "server did not come up reporting 503"
        # a phone trying during the outage is refused at once with a code it retries on, not left hanging
        phone, errors, tried = socketio.Client(reconnection=False), [], time.monotonic()
        phone.on("connect_error", errors.append, namespace="/audience")
        with pytest.raises(socketio.exceptions.ConnectionError):
            phone.connect(server.url, namespaces=["/audience"], auth={"code": "ABCDEF", "participant": "x"},
                          transports=["websocket"], wait_timeout=5)  # fmt: skip
        phone.disconnect()
        assert errors and errors[0]["data"]["code"] == "redis_unavailable", errors
        assert time.monotonic() - tried < 2
        time.sleep(3)  # an outage long enough for retry backoffs to have grown
        assert health(server) == 503 and server.process.poll() is None

        redis_later.start()
        came_up = time.monotonic()
        assert wait_until(lambda: health(server) == 200, timeout=5, interval=0.05), "not healthy within 5 s"
        healthy_after = time.monotonic() - came_up

        # healthy means working: a vote counts and the presenter hears it within 5 s of Redis starting
        organizer = sign_in(LiveHttp(server.url), services_over(redis_later.url, tmp_path / "cli"), "ada@example.org")
        event = organizer.event()
        poll = organizer.poll(event["id"])
        organizer.open(poll["id"])
        screen = PresenterScreen(server.url, {"token": organizer.token, "event_id": event["id"]}).connect()
        phone = Phone(server.url, event["code"], join(organizer.http, event["code"])).connect()
        try:
            phone.wait_for("state")
            assert phone.vote(poll["id"], "o2")["ok"]
            screen.wait_for("results", lambda r: r["total"] == 1, timeout=max(0.5, 5 - (time.monotonic() - came_up)))
            working_after = time.monotonic() - came_up
        finally:
            phone.close()
            screen.close()
        print(f"healthy {healthy_after:.2f} s and broadcasting {working_after:.2f} s after Redis started")
        assert assert_counts_match_ballots(redis.Redis.from_url(redis_later.url), event["id"], poll["id"]) == 1
    finally:
        server.stop()


class Voter:
    """A phone as the page behaves: its latest vote stays unconfirmed until acked, and is sent
    again after every `state` (each reconnect) unless the server already holds that very vote."""

    def __init__(self, url, code, token):
        self.url, self.auth = url, {"code": code, "participant": token}
        self.sio = socketio.AsyncClient(
            reconnection=True, reconnection_delay=0.5, reconnection_delay_max=3, randomization_factor=0.5
        )
        self.sio.on("state", self.on_state, namespace="/audience")
        self.intent = None  # the latest vote: {poll_id, value, client_vote_id}
        self.confirmed = True
        self.synced_at = None  # when the last `state` arrived
        self.resend = None

    async def connect(self):
        await self.sio.connect(
            self.url, namespaces=["/audience"], transports=["websocket"], auth=self.auth, wait_timeout=30
        )

    async def on_state(self, state):
        self.synced_at = time.monotonic()
        if self.intent and not self.confirmed:
            if state["vote_id"] == self.intent["client_vote_id"]:
                self.confirmed = True
            else:  # `state` comes before the namespace's CONNECT packet; the browser buffers it, we wait
                self.resend = asyncio.create_task(self.send_when_connected())

    async def send_when_connected(self):
        if await until(lambda: "/audience" in self.sio.namespaces, 10, interval=0.01):
            await self.send()

    async def vote(self, poll_id, value):
        self.intent = {"poll_id": poll_id, "value": value, "client_vote_id": uuid.uuid4().hex}
        self.confirmed = False
        await self.send()

    async def send(self):
        vote = self.intent

        def answered(ack):
            if self.intent is vote and ack.get("ok"):
                self.confirmed = True

        try:
            await self.sio.emit("vote", vote, namespace="/audience", callback=answered)
        except socketio.exceptions.SocketIOError:
            pass  # not connected: the next `state` sends it


def raise_open_files():
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


async def until(check, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(interval)
    return True


PHONES = 500


@pytest.mark.slow
def test_kill_9_with_500_phones_mid_vote_loses_and_doubles_nothing(redis_url, redis_client, hetki, tmp_path):
    raise_open_files()
    server = LiveServer({"REDIS_URL": redis_url}, tmp_path / "data").start()
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"], options=["A", "B", "C", "D"])
    organizer.open(poll["id"])
    options = [o["id"] for o in poll["options"]]
    figures = {}

    async def scenario():
        tokens = await join_many(server.url, event["code"], PHONES)
        phones = [Voter(server.url, event["code"], token) for token in tokens]
        for chunk in range(0, PHONES, 100):
            await asyncio.gather(*(phone.connect() for phone in phones[chunk : chunk + 100]))
        try:
            await asyncio.gather(*(phone.vote(poll["id"], options[i % 4]) for i, phone in enumerate(phones)))
            assert await until(lambda: all(p.confirmed for p in phones), 30), "first votes not all acked"

            # every phone changes its mind at once, and the server dies under them
            await asyncio.gather(*(phone.vote(poll["id"], options[(i + 1) % 4]) for i, phone in enumerate(phones)))
            await until(lambda: sum(p.confirmed for p in phones) >= PHONES // 4, 5, interval=0.001)
            server.process.kill()
            server.process.wait(10)
            killed = time.monotonic()
            figures["acked"] = sum(p.confirmed for p in phones)
            stored = {Ballot.decode(r).vote_id for r in redis_client.hvals(Keys.votes(event["id"], poll["id"]))}
            figures["stored"] = sum(p.intent["client_vote_id"] in stored for p in phones)
            # and a third of them change again while it is down
            for i, phone in enumerate(phones[::3]):
                await phone.vote(poll["id"], options[(3 * i + 2) % 4])

            await asyncio.to_thread(server.start)
            up = time.monotonic()
            figures["restart_s"] = up - killed

            def resynced(phone):
                return phone.synced_at and phone.synced_at > killed and "/audience" in phone.sio.namespaces

            assert await until(lambda: all(resynced(p) for p in phones), 60), (
                f"{sum(bool(resynced(p)) for p in phones)} of {PHONES} phones resynced"
            )
            figures["all_resynced_s"] = max(p.synced_at for p in phones) - up
            assert await until(lambda: all(p.confirmed for p in phones), 30), "unconfirmed votes left"
            figures["all_confirmed_s"] = time.monotonic() - up
            stored = await asyncio.gather(
                *(phone.sio.call("sync", {}, namespace="/audience", timeout=30) for phone in phones)
            )
            return [(phone.intent, ack["state"]) for phone, ack in zip(phones, stored, strict=True)]
        finally:
            await asyncio.gather(*(phone.sio.disconnect() for phone in phones), return_exceptions=True)

    try:
        outcomes = asyncio.run(scenario())
        results = organizer.results(poll["id"])
    finally:
        server.stop()
    print(
        f"\n{PHONES} phones, kill -9 mid-vote: of the changed votes {figures['acked']} were acked and "
        f"{figures['stored']} stored before the kill; server back in {figures['restart_s']:.2f} s; every phone resynced "
        f"{figures['all_resynced_s']:.2f} s and every vote confirmed {figures['all_confirmed_s']:.2f} s after"
    )
    for intent, state in outcomes:
        assert (state["vote"], state["vote_id"]) == (intent["value"], intent["client_vote_id"])
    assert assert_counts_match_ballots(redis_client, event["id"], poll["id"]) == PHONES
    expected = {o: 0 for o in options}
    for intent, _ in outcomes:
        expected[intent["value"]] += 1
    assert results["total"] == PHONES and results["counts"] == expected
