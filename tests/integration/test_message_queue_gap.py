"""Two processes on one Redis: after Redis is killed and restarted, what one process broadcasts
reaches the clients of the other within 2 s (the message queue heals and resyncs by itself)."""

import time

import pytest
import redis

from server.realtime.sockets.message_queue import RESYNC_CHANNEL
from tests.helpers.api import LiveHttp, sign_in
from tests.helpers.clients import Phone, PresenterScreen, join
from tests.helpers.processes import redis_answers, start_redis, wait_until
from tests.helpers.servers import LiveServer, services_over

PHONES_PER_PROCESS = 10
REDIS_OPTIONS = ("--appendonly", "yes", "--appendfsync", "always")  # the event survives kill -9


def shows(poll_id):
    """A `poll` (or, after a reconnect, a `state`) whose live poll is `poll_id`."""
    return lambda message: bool(message and message.get("poll") and message["poll"]["id"] == poll_id)


def saw(client, poll_id, timeout):
    for event in ("poll", "state"):
        if any(shows(poll_id)(message) for message in client.of(event)):
            return True
    try:
        client.wait_for("poll", shows(poll_id), timeout=timeout)
    except AssertionError:
        return any(shows(poll_id)(message) for message in client.of("state"))
    return True


@pytest.fixture
def hall(tmp_path):
    """A Redis of its own and two server processes on it, each with phones and a presenter screen."""
    folder = tmp_path / "redis"
    folder.mkdir()
    sock = folder / "redis.sock"
    url = f"unix://{sock}"
    redis_process = [start_redis(sock, folder, *REDIS_OPTIONS)]
    assert redis_answers(url)
    env = {"REDIS_URL": url, "TRANSCRIBE": "0", "WORKERS": "0", "LOG_LEVEL": "CRITICAL"}
    servers = [LiveServer(env, tmp_path / f"data{i}").start() for i in range(2)]
    clients = []

    class Hall:
        def restart_redis(self, outage_seconds):
            redis_process[0].kill()
            redis_process[0].wait()
            time.sleep(outage_seconds)
            redis_process[0] = start_redis(sock, folder, *REDIS_OPTIONS)
            assert redis_answers(url)

    hall = Hall()
    hall.url, hall.servers, hall.clients = url, servers, clients
    hall.organizer = sign_in(LiveHttp(servers[0].url), services_over(url, tmp_path / "cli"), "ada@example.org")
    hall.event = hall.organizer.event()
    for server in servers:
        code = hall.event["code"]
        clients += [
            Phone(server.url, code, join(hall.organizer.http, code)).connect() for _ in range(PHONES_PER_PROCESS)
        ]
        screen_auth = {"token": hall.organizer.token, "event_id": hall.event["id"]}
        clients.append(PresenterScreen(server.url, screen_auth).connect())
    try:
        yield hall
    finally:
        for client in clients:
            client.close()
        for server in servers:
            server.stop()
        redis_process[0].kill()
        redis_process[0].wait()


def open_when_redis_answers(organizer, poll_id):
    """The organizer's click right after the outage: retried while the first requests reconnect."""
    reply = None

    def opened():
        nonlocal reply
        reply = organizer.call("POST", f"/api/v1/polls/{poll_id}/open")
        return reply.status == 200

    assert wait_until(opened, timeout=5, interval=0.1), reply.body


def test_a_poll_opened_right_after_a_redis_restart_reaches_both_processes_clients_within_2_s(hall):
    organizer, event = hall.organizer, hall.event
    before, after = (organizer.poll(event["id"], question=f"Question {n}")["id"] for n in (1, 2))
    organizer.open(before)
    assert all(saw(client, before, timeout=5) for client in hall.clients), "the queue did not work before the outage"

    hall.restart_redis(outage_seconds=10)  # the stock listener's backoff has reached 8 s by then
    open_when_redis_answers(organizer, after)
    opened = time.monotonic()
    late = [
        (hall.servers.index(next(s for s in hall.servers if client.url == s.url)), type(client).__name__)
        for client in hall.clients
        if not saw(client, after, timeout=max(0.0, 2.0 - (time.monotonic() - opened)))
    ]
    assert not late, f"{len(late)} clients did not see the poll opened after the restart within 2 s: {late}"


def test_a_resync_announcement_makes_every_other_process_resend_the_state(hall):
    """A process whose publish was lost announces it on the resync channel; every other process
    then re-sends the current state to its clients, though nothing was missed on their side."""
    organizer, event = hall.organizer, hall.event
    poll_id = organizer.poll(event["id"])["id"]
    organizer.open(poll_id)
    phones_elsewhere = [c for c in hall.clients if c.url == hall.servers[1].url and isinstance(c, Phone)]
    assert all(saw(phone, poll_id, timeout=5) for phone in phones_elsewhere)
    heard = {phone: len(phone.of("poll")) for phone in phones_elsewhere}

    redis.Redis.from_url(hall.url).publish(RESYNC_CHANNEL, "another-process")
    assert wait_until(lambda: all(len(p.of("poll")) > heard[p] for p in phones_elsewhere), timeout=3)
    assert all(shows(poll_id)(phone.of("poll")[-1]) for phone in phones_elsewhere)
