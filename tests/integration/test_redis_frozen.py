"""A frozen Redis (SIGSTOP: it accepts connections and answers nothing) is refused at once.

Before: every request waited out redis-py's 5 s socket timeout, so phones were refused after
5.6–6.5 s, /healthz gave no answer within 2 s and vote acks came after the phone's own 5 s
timeout. Now each command waits at most 1.5 s, a breaker refuses the next ones at once
(server/store/health.py) and /healthz pings on connections of its own with a 0.5 s timeout."""

import os
import signal
import threading
import time
import uuid

import pytest
import redis
import requests
import socketio

from server.store import NotAnswering, Store
from tests.helpers.api import LiveHttp, sign_in
from tests.helpers.ballots import assert_counts_match_ballots
from tests.helpers.clients import Phone, join
from tests.helpers.processes import redis_answers, start_redis, wait_until
from tests.helpers.servers import LiveServer, services_over


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def healthz(server):
    reply = requests.get(server.url + "/healthz", timeout=10)
    return reply.status_code, reply.json()


def connect_refusal(server, code, token):
    """A new phone's connect: the refusal's data ({code, message}), or None if it connected."""
    phone, errors = socketio.Client(reconnection=False), []
    phone.on("connect_error", errors.append, namespace="/audience")
    try:
        phone.connect(server.url, namespaces=["/audience"], auth={"code": code, "participant": token},
                      transports=["websocket"], wait_timeout=10)  # fmt: skip
    except socketio.exceptions.ConnectionError:
        return errors[0]["data"] if errors else {"code": "no_answer"}
    finally:
        phone.disconnect()
    return None


def votes_at_once(phones, poll_id, value, vote_ids):
    """Every phone votes at the same moment (phone i with client_vote_id vote_ids[i]):
    [(ack, seconds until it came)]."""
    results = [None] * len(phones)

    def vote(i):
        results[i] = timed(lambda: phones[i].vote(poll_id, value, vote_ids[i]))

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(phones))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return results


@pytest.fixture
def frozen_redis(tmp_path):
    """A private redis-server to freeze; always thawed and stopped after the test."""
    folder = tmp_path / "redis"
    folder.mkdir()
    process = start_redis(folder / "redis.sock", folder, "--appendonly", "no")
    process.url = f"unix://{folder / 'redis.sock'}"
    assert redis_answers(process.url), "Redis did not start"
    try:
        yield process
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(10)


def test_a_frozen_redis_is_refused_at_once_and_healthz_answers_within_a_second(tmp_path, frozen_redis):
    server = LiveServer({"REDIS_URL": frozen_redis.url, "TRANSCRIBE": "0", "WORKERS": "0"}, tmp_path / "data")
    server.start()
    phones = []
    try:
        organizer = sign_in(LiveHttp(server.url), services_over(frozen_redis.url, tmp_path / "cli"), "ada@example.org")
        event = organizer.event()
        poll = organizer.poll(event["id"])
        organizer.open(poll["id"])
        phones = [Phone(server.url, event["code"], join(organizer.http, event["code"])).connect() for _ in range(3)]
        for phone in phones:
            phone.wait_for("state")
        assert phones[0].vote(poll["id"], "o1")["ok"]
        newcomer = join(organizer.http, event["code"])

        os.kill(frozen_redis.pid, signal.SIGSTOP)
        try:
            (status, body), health_seconds = timed(lambda: healthz(server))
            assert (status, body["error"]["code"]) == (503, "redis_unavailable"), body
            assert health_seconds < 1.0

            time.sleep(1.2)  # past the breaker's window: the next request waits out its own timeout
            vote_ids = [uuid.uuid4().hex for _ in phones]
            voted = votes_at_once(phones, poll["id"], "o2", vote_ids)
            for ack, _ in voted:
                assert ack == {"ok": False, "error": {"code": "redis_unavailable", "message": ack["error"]["message"]}}
            vote_seconds = max(seconds for _, seconds in voted)
            assert vote_seconds < 2.0

            refusal, refused_seconds = timed(lambda: connect_refusal(server, event["code"], newcomer))
            assert refusal and refusal["code"] == "redis_unavailable", refusal
            assert refused_seconds < 2.0
            (status, _), again_seconds = timed(lambda: healthz(server))
            assert status == 503 and again_seconds < 1.0
            # the HTTP API answers the same way: a 503 error object the client retries on, not a 500
            reply, api_seconds = timed(lambda: organizer.call("GET", f"/api/v1/polls/{poll['id']}/results"))
            assert (reply.status, reply.body["error"]["code"]) == (503, "redis_unavailable"), reply.body
            assert api_seconds < 2.0
        finally:
            os.kill(frozen_redis.pid, signal.SIGCONT)
        print(
            f"frozen: /healthz 503 in {health_seconds:.2f} s (again {again_seconds:.3f} s), "
            f"votes refused within {vote_seconds:.2f} s, a new phone refused in {refused_seconds:.3f} s"
        )

        # thawed: everything works again, and the votes refused meanwhile, sent again as the phone's
        # outbox does (same ids: Redis may also run the frozen-time ones it had buffered), count once
        assert wait_until(lambda: healthz(server)[0] == 200, timeout=5), "not healthy after SIGCONT"
        for ack, _ in votes_at_once(phones, poll["id"], "o2", vote_ids):
            assert ack["ok"], ack
        assert connect_refusal(server, event["code"], newcomer) is None
        tally = assert_counts_match_ballots(redis.Redis.from_url(frozen_redis.url), event["id"], poll["id"])
        assert tally == len(phones)
    finally:
        for phone in phones:
            phone.close()
        server.stop()


def test_while_redis_is_frozen_one_request_waits_per_window_the_others_are_refused_at_once(frozen_redis):
    store = Store(frozen_redis.url, 8)
    assert store.redis.ping()
    os.kill(frozen_redis.pid, signal.SIGSTOP)
    try:
        with pytest.raises(redis.TimeoutError):
            store.redis.get("a")  # the first one waits out its timeout
        with pytest.raises(NotAnswering):
            store.redis.get("b")  # the breaker is open: refused without asking
        time.sleep(store.health.window + 0.1)
        probed = []
        probe = threading.Thread(target=lambda: probed.append(timed(lambda: store.redis.get("c"))))
        probe.start()  # the window is over: this one asks Redis again...
        assert wait_until(store.health.refusing, timeout=1)
        started = time.monotonic()
        with pytest.raises(NotAnswering):
            store.redis.get("d")  # ...while the others are still refused at once
        assert time.monotonic() - started < 0.5
    finally:
        os.kill(frozen_redis.pid, signal.SIGCONT)
    probe.join(5)
    assert probed, "the probe got no reply once Redis answered"
    assert store.redis.set("e", "1") and store.redis.get("e") == b"1"  # its reply closed the breaker
