"""CPU work runs off the event loop, and an unknown e-mail address costs the same hash as a known one.

The key test runs the real server with real scrypt: phones vote over real sockets while, from a
child process, eight clients flood wrong passwords, six upload video reactions and one exports an
event with thousands of responses as XLSX, again and again. Before the work went off the loop a
phone's ack took ~2 s during a login flood alone.
"""

import asyncio
import hashlib
import statistics
import time
import uuid

import pytest

from server.domain import Unauthorized
from server.domain.organizers import Organizers
from server.runtime.offload import async_mode, run_blocking
from tests.helpers.api import sign_in
from tests.helpers.clients import connect_phones, disconnect
from tests.helpers.clips import make_clip
from tests.helpers.servers import LiveServer
from tests.load.bench_stalls import Load

SEEDED_RESPONSES = 3000
FLOOD_CLIENTS = 8  # as in tests/load/bench_stalls.py's Load, with six uploaders and one exporter
LOAD_SECONDS = 8
PHONES = 20


def test_without_eventlet_the_call_runs_here():
    assert async_mode() == "threading"
    assert run_blocking(divmod, 7, 2) == (3, 1)
    assert run_blocking(sorted, [3, 1], reverse=True) == [3, 1]
    with pytest.raises(ZeroDivisionError):
        run_blocking(divmod, 1, 0)


def test_an_unknown_address_derives_the_same_key_as_a_known_one(hetki, monkeypatch):
    hetki.organizers.create("ada@example.org", "correct horse")
    hetki.organizers.dummy_hash()  # made once per process, before the first unknown address
    derivations = []
    derive = hashlib.pbkdf2_hmac

    def counted(name, password, salt, iterations, *rest):
        derivations.append((name, iterations))
        return derive(name, password, salt, iterations, *rest)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counted)
    for email in ("ada@example.org", "nobody@example.org", "ada@example.org", "nobody@example.org"):
        with pytest.raises(Unauthorized) as refused:
            hetki.organizers.authenticate(email, "wrong")
        assert refused.value.code == "bad_credentials"
    assert derivations == [("sha256", 1000)] * 4  # the test config's method, once per attempt


def test_an_unknown_address_takes_as_long_as_a_known_one(hetki):
    """Timing with a wide margin: without the dummy hash an unknown address was ~1000 times faster."""
    organizers = Organizers(hetki.store, 60, "pbkdf2:sha256:200000", run_blocking=run_blocking)
    organizers.create("ada@example.org", "correct horse")
    organizers.dummy_hash()

    def seconds(email):
        start = time.perf_counter()
        with pytest.raises(Unauthorized):
            organizers.authenticate(email, "wrong")
        return time.perf_counter() - start

    known = statistics.median(seconds("ada@example.org") for _ in range(5))
    unknown = statistics.median(seconds("nobody@example.org") for _ in range(5))
    assert unknown > 0.4 * known, (known, unknown)


@pytest.fixture(scope="module", params=["eventlet", "gevent"])
def scrypt_server(redis_url, tmp_path_factory, request):
    """The real server in each async mode with production hashing and sign-in limits off, so every
    attempt is hashed."""
    env = {
        "ASYNC_MODE": request.param,
        "REDIS_URL": redis_url,
        "PASSWORD_HASH_METHOD": "scrypt",
        "RATE_LIMIT_LOGIN_ACCOUNT": "",
        "RATE_LIMIT_LOGIN_ACCOUNT_IP": "",
        "RATE_LIMIT_LOGIN_IP": "",
        "LOGIN_DELAY_SECONDS": "0",
    }
    server = LiveServer(env, tmp_path_factory.mktemp("scrypt")).start()
    yield server
    server.stop()


def seed_responses(hetki, organizer, count):
    """An event whose poll has `count` responses, cast through the app's own services."""
    event = organizer.event("Yesterday's keynote")
    poll = organizer.poll(event["id"], options=["A", "B", "C", "D"])
    organizer.open(poll["id"])
    stored = hetki.events.get(event["id"])
    for n in range(count):
        participant, _ = hetki.participants.join(stored)
        option = poll["options"][n % 4]["id"]
        hetki.votes.cast(event["id"], poll["id"], participant, option, f"seed-{n}")
    return event


async def vote_latencies(phones, poll, seconds):
    """Every phone votes every ~50 ms for `seconds`; the ack latency of each vote, in seconds."""
    latencies = []
    options = [o["id"] for o in poll["options"]]
    end = time.perf_counter() + seconds

    async def run(i, phone):
        n = 0
        while time.perf_counter() < end:
            n += 1
            sent = time.perf_counter()
            ack = await phone.call(
                "vote",
                {"poll_id": poll["id"], "value": options[(i + n) % 4], "client_vote_id": f"{i}-{n}-{uuid.uuid4().hex}"},
                namespace="/audience",
                timeout=30,
            )
            assert ack["ok"], ack
            latencies.append(time.perf_counter() - sent)
            await asyncio.sleep(0.05)

    await asyncio.gather(*(run(i, phone) for i, phone in enumerate(phones)))
    return latencies


def figures(latencies):
    ordered = sorted(latencies)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"votes": len(ordered), "p50": p(0.5), "p95": p(0.95), "max": ordered[-1] * 1000}


def test_phones_keep_their_ack_latency_during_logins_uploads_and_exports(scrypt_server, hetki, tmp_path):
    organizer = sign_in(scrypt_server.http(), hetki, "ada@example.org")
    Organizers(hetki.store, 60, "scrypt", run_blocking=run_blocking).create("target@example.org", "the right one")
    export_event = seed_responses(hetki, organizer, SEEDED_RESPONSES)
    live_event = organizer.event()
    poll = organizer.poll(live_event["id"], options=["A", "B", "C", "D"])
    organizer.open(poll["id"])
    assert organizer.call("POST", f"/api/v1/events/{live_event['id']}/reactions/open").status == 200
    target = {
        "url": scrypt_server.url,
        "token": organizer.token,
        "known_email": "target@example.org",
        "live_code": live_event["code"],
        "export_id": export_event["id"],
        "clip": str(make_clip(tmp_path / "reaction.webm", seconds=20, size=(320, 240))),
    }

    async def scenario():
        phones = await connect_phones(scrypt_server.url, live_event["code"], PHONES)
        try:
            quiet = await vote_latencies(phones, poll, 2)
            with Load(target, ("logins", "uploads", "export")) as load:
                loaded = await vote_latencies(phones, poll, LOAD_SECONDS)
            return quiet, loaded, load.replies
        finally:
            await disconnect(phones)

    quiet, loaded, replies = asyncio.run(scenario())
    quiet, loaded = figures(quiet), figures(loaded)
    counts = replies
    print(
        f"\nvote ack latency, {PHONES} phones: quiet p50 {quiet['p50']:.1f} ms, p95 {quiet['p95']:.1f} ms, "
        f"max {quiet['max']:.1f} ms ({quiet['votes']} votes); during {FLOOD_CLIENTS} login flooders + uploads "
        f"+ XLSX exports of {SEEDED_RESPONSES} responses: p50 {loaded['p50']:.1f} ms, p95 {loaded['p95']:.1f} ms, "
        f"max {loaded['max']:.1f} ms ({loaded['votes']} votes); replies {counts}"
    )
    # The load really ran: scrypt for every attempt (known and unknown address), videos kept, files built.
    assert set(counts["login"]) == {401} and counts["login"][401] >= FLOOD_CLIENTS
    assert set(counts["upload"]) == {201} and set(counts["export"]) == {200}
    assert loaded["p95"] < 300 and loaded["max"] < 1000
