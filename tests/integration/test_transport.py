"""Websocket connections that write in place and one ping clock (server/realtime/transport.py), held
against raw Engine.IO clients over real sockets: heartbeats, a silent client, a slow reader, a
client that stops reading, and a polling connection that upgrades."""

import itertools
import json
import socket
import time
import uuid

import pytest
import requests
import websocket
from hypothesis import given
from hypothesis import strategies as st

from server.realtime.transport import unmask_frame
from tests.helpers.api import sign_in
from tests.helpers.clients import Phone, join
from tests.helpers.servers import LiveServer


@pytest.fixture(scope="module")
def quick_pings(redis_url, tmp_path_factory):
    """A server pinging every second, giving up on a client one second after an unanswered ping;
    its packet budget is out of the way of these tests of what the server writes."""
    env = {
        "REDIS_URL": redis_url,
        "TRANSCRIBE": "0",
        "WORKERS": "0",
        "PING_INTERVAL": "1",
        "PING_TIMEOUT": "1",
        "SOCKET_PACKETS_PER_SECOND": "100000",
        "SOCKET_PACKET_BURST": "100000",
    }
    server = LiveServer(env, tmp_path_factory.mktemp("quick-pings")).start()
    yield server
    server.stop()


@pytest.fixture
def open_poll(quick_pings, hetki, redis_client):
    organizer = sign_in(quick_pings.http(), hetki, "ada@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    return quick_pings, event, poll


SLOW_READER_SYNCS = 150  # ~0.5 MB: past the kernel's buffers (SEND_BUFFER_BYTES), within the backlog's cap
HOARDER_SYNCS = 5000  # ~17 MB


def engine_socket(server, rcvbuf=None):
    """A raw Engine.IO websocket; returns it with the OPEN packet's settings."""
    options = [(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)] if rcvbuf else []
    ws = websocket.create_connection(
        server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=10, sockopt=options
    )
    opening = ws.recv()
    assert opening.startswith("0"), opening
    return ws, json.loads(opening[1:])


def join_audience(server, ws, code, token):
    ws.send("40/audience," + json.dumps({"code": code, "participant": token}))
    while True:
        message = ws.recv()
        if message.startswith("40/audience"):
            return
        assert not message.startswith("44"), message


def vote_frame(poll_id, ack_id, option_id):
    body = {"poll_id": poll_id, "value": option_id, "client_vote_id": uuid.uuid4().hex}
    return f"42/audience,{ack_id}" + json.dumps(["vote", body])


def acks_in(messages):
    """(ack id, reply) of every ack among raw messages, in arrival order."""
    acks = []
    for message in messages:
        if message.startswith("43/audience,"):
            ack_id, _, body = message[len("43/audience,") :].partition("[")
            acks.append((int(ack_id), json.loads("[" + body)[0]))
    return acks


def test_pings_come_every_interval_while_pongs_answer_them(quick_pings):
    ws, settings = engine_socket(quick_pings)
    assert settings["pingInterval"] >= 1000 and settings["pingTimeout"] == 1000
    pings = []
    while len(pings) < 4:
        if ws.recv() == "2":
            pings.append(time.monotonic())
            ws.send("3")
    gaps = [b - a for a, b in itertools.pairwise(pings)]
    assert all(0.8 <= gap <= 1.6 for gap in gaps), gaps  # one interval, not one per pong or none
    ws.close()


def test_a_client_that_stops_answering_pings_is_closed(quick_pings):
    ws, _ = engine_socket(quick_pings)
    t0 = time.monotonic()
    closed_after = None
    try:
        while time.monotonic() - t0 < 10:
            if ws.recv() in ("", None):
                closed_after = time.monotonic() - t0
                break
    except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
        closed_after = time.monotonic() - t0
    assert closed_after is not None and closed_after < 5, closed_after  # 1 s interval + 1 s timeout


def sync_frame(ack_id):
    return f"42/audience,{ack_id}" + json.dumps(["sync", {}])


def read_acks(ws, count, timeout=15):
    """Reads until `count` acks came or the server ended the connection; the acks, in order."""
    ws.sock.settimeout(timeout)
    messages = []
    try:
        while len(acks_in(messages)) < count:
            message = ws.recv()
            if message in ("", None):
                break
            if message == "2":
                ws.send("3")
            messages.append(message)
    except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
        pass
    return acks_in(messages)


@pytest.fixture
def wordy_poll(quick_pings, hetki, redis_client):
    """An open poll whose state is ~4 KB, so each `sync` ack is a big frame."""
    organizer = sign_in(quick_pings.http(), hetki, "ada@example.org")
    event = organizer.event()
    options = [f"{i} " + "a long option text " * 10 for i in range(12)]
    poll = organizer.poll(event["id"], question="Which of these? " + "context " * 35, options=options)
    organizer.open(poll["id"])
    return quick_pings, event, poll


def test_a_slow_reader_gets_every_reply_whole(wordy_poll):
    """While the client does not read, replies fill the kernel's buffers and then wait in the
    connection's backlog; once it reads again each arrives once and whole (a frame split between
    a full buffer and the backlog would not parse)."""
    server, event, _ = wordy_poll
    ws, _ = engine_socket(server, rcvbuf=4096)
    join_audience(server, ws, event["code"], join(server.http(), event["code"]))
    count = SLOW_READER_SYNCS
    for ack_id in range(count):
        ws.send(sync_frame(ack_id))
    time.sleep(1.0)  # not reading meanwhile (pings go unanswered too: 1 s + 1 s is the limit)
    acks = read_acks(ws, count)
    assert sorted(ack_id for ack_id, _ in acks) == list(range(count))
    assert all(reply["ok"] and reply["state"]["event"]["code"] == event["code"] for _, reply in acks)
    ws.close()


def test_a_client_that_stops_reading_is_dropped_and_others_vote_on(wordy_poll):
    server, event, poll = wordy_poll
    http = server.http()
    ws, _ = engine_socket(server, rcvbuf=4096)
    join_audience(server, ws, event["code"], join(http, event["code"]))
    asked = 0
    try:
        for asked in range(1, HOARDER_SYNCS + 1):
            ws.send(sync_frame(asked - 1))
    except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
        pass
    acks = read_acks(ws, asked)
    assert len(acks) < asked, "the server kept writing to a client that had stopped reading"
    phone = Phone(server.url, event["code"], join(http, event["code"])).connect()
    try:
        assert phone.vote(poll["id"], poll["options"][1]["id"])["ok"]
    finally:
        phone.close()
    assert requests.get(server.url + "/healthz", timeout=5).ok


def test_a_polling_connection_upgrades_and_then_writes_in_place(open_poll):
    """The browser's way in: long-polling first, then the websocket probe and upgrade."""
    server, event, poll = open_poll
    token = join(server.http(), event["code"])
    session = requests.Session()
    base = server.url + "/socket.io/?EIO=4&transport=polling"
    opening = session.get(base, timeout=5).text
    sid = json.loads(opening[1:])["sid"]
    polling = f"{base}&sid={sid}"
    assert session.post(polling, data="40/audience," + json.dumps({"code": event["code"], "participant": token})).ok
    assert "40/audience" in session.get(polling, timeout=5).text
    ws = websocket.create_connection(
        server.url.replace("http", "ws") + f"/socket.io/?EIO=4&transport=websocket&sid={sid}", timeout=10
    )
    ws.send("2probe")
    assert ws.recv() == "3probe"
    ws.send("5")
    ws.send(vote_frame(poll["id"], 7, poll["options"][2]["id"]))
    messages = []
    while not acks_in(messages):
        messages.append(ws.recv())
    assert acks_in(messages) == [(7, acks_in(messages)[0][1])] and acks_in(messages)[0][1]["ok"]
    ws.close()


def test_a_connection_closed_during_its_upgrade_is_hung_up_at_once(live_server):
    """A CLOSE over polling between the probe and the UPGRADE packet: the websocket that then
    completes the upgrade is closed at once, not left open until its read times out (40 s)."""
    session = requests.Session()
    base = live_server.url + "/socket.io/?EIO=4&transport=polling"
    sid = json.loads(session.get(base, timeout=5).text[1:])["sid"]
    ws = websocket.create_connection(
        live_server.url.replace("http", "ws") + f"/socket.io/?EIO=4&transport=websocket&sid={sid}", timeout=10
    )
    ws.send("2probe")
    assert ws.recv() == "3probe"
    assert session.post(f"{base}&sid={sid}", data="1", timeout=5).ok  # the client's CLOSE, over polling
    ws.send("5")
    t0 = time.monotonic()
    ws.sock.settimeout(10)
    try:
        while ws.recv() not in ("", None):
            pass
    except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
        pass
    assert time.monotonic() - t0 < 3


def test_websockets_are_not_compressed(live_server):
    """Browsers offer permessage-deflate; taking it would cost a zlib stream (~300 KB) per phone."""
    ws = websocket.create_connection(
        live_server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
        timeout=10,
        header=["Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"],
    )
    assert ws.recv().startswith("0")
    assert not any(name.lower() == "sec-websocket-extensions" for name in ws.getheaders() or {})
    ws.close()


@given(data=st.binary(max_size=300), mask=st.tuples(*[st.integers(0, 255)] * 4), offset=st.integers(0, 1000))
def test_unmasking_matches_eventlet(data, mask, offset):
    """server/realtime/transport.py unmasks client frames on whole integers; eventlet does it byte by byte."""
    from eventlet.websocket import RFC6455WebSocket

    assert unmask_frame(data, mask, len(data), offset) == RFC6455WebSocket._apply_mask(data, mask, len(data), offset)
    assert unmask_frame(data, list(mask)) == RFC6455WebSocket._apply_mask(data, list(mask))
