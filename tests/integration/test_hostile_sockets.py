"""Generated malformed Socket.IO payloads over real sockets: never an internal error, always an
error ack, and Redis is byte-for-byte unchanged."""

import json
import time

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.helpers.clients import Phone, PresenterScreen, join
from tests.helpers.hostile import (
    EXAMPLES,
    bad_bool,
    bad_id,
    broken,
    changes,
    garbage_bodies,
    nasty_text,
    settled,
    wrong,
)


def socket_payloads(w):
    """(namespace, event, strategy of malformed payloads) for every event a client may send."""
    pid, option = w["live"]["id"], w["live"]["options"][0]["id"]
    return [
        ("/audience", "vote", broken({"poll_id": pid, "value": option, "client_vote_id": "c1"}, {
            "poll_id": bad_id, "value": wrong | nasty_text, "client_vote_id": bad_id})),
        ("/audience", "question", broken({"text": "Why?", "name": None, "anonymous": False}, {
            "text": wrong | st.just("") | st.just("x" * 2001), "name": wrong.filter(lambda v: v is not None), "anonymous": bad_bool})),
        ("/audience", "upvote", broken({"question_id": w["qid"]}, {"question_id": bad_id})),
        ("/audience", "nickname", broken({"nickname": "Ada"}, {"nickname": wrong | st.just("")})),
        ("/audience", "sync", garbage_bodies),
        ("/presenter", "open", broken({"poll_id": w["draft"]["id"]}, {"poll_id": bad_id})),
        ("/presenter", "lobby", broken({"poll_id": w["draft"]["id"]}, {"poll_id": bad_id})),
        ("/presenter", "close", broken({"poll_id": pid}, {"poll_id": bad_id})),
        ("/presenter", "reveal", broken({"poll_id": pid, "revealed": True}, {"poll_id": bad_id, "revealed": bad_bool})),
        ("/presenter", "moderate", broken({"action": "approve", "question_id": w["qid"]}, {"action": bad_id, "question_id": bad_id})),
        ("/presenter", "reset", broken({"poll_id": pid, "confirm": True}, {"poll_id": bad_id, "confirm": bad_bool | st.just(False)})),
        ("/presenter", "settings", broken({"moderation": True}, {"moderation": bad_bool})),
        ("/presenter", "draw", broken({"survey_id": "s1", "seed": "00"}, {"survey_id": bad_id, "seed": wrong | nasty_text})),
        ("/presenter", "draw_surveys", garbage_bodies),
        ("/audience", "draw_outcome", broken({"survey_id": "s1", "draw_id": "d1"}, {"survey_id": bad_id, "draw_id": bad_id})),
    ]  # fmt: skip


class RawSocket:
    """Sends an event whose payload is raw JSON text (NaN, 10^5 digits, deep nesting) over a real socket."""

    def __init__(self, client):
        self.client = client

    def call(self, event, raw, timeout=10):
        sio, namespace, answer = self.client.sio, self.client.namespace, []
        ack_id = sio._generate_ack_id(namespace, lambda *args: answer.append(args[0] if args else None))
        sio.eio.send(f'2{namespace},{ack_id}["{event}",{raw}]')
        deadline = time.monotonic() + timeout
        while not answer and time.monotonic() < deadline and self.client.connected():
            time.sleep(0.002)
        return answer[0] if answer else None


def ack_is_error(ack, what):
    assert isinstance(ack, dict) and ack.get("ok") is False, (what, ack)
    error = ack.get("error") or {}
    assert isinstance(error.get("code"), str) and error["code"] != "internal", (what, ack)


def test_malformed_socket_payloads_over_real_sockets(live_server, live_organizer, redis_client):
    """Hypothesis draws ~700 payloads; each goes over a real socket with its raw JSON text."""
    event = live_organizer.event()
    live = live_organizer.poll(event["id"])
    draft = live_organizer.poll(event["id"], question="Later?")
    live_organizer.open(live["id"])
    participant = join(live_server.http(), event["code"], "Ada")
    phone = Phone(live_server.url, event["code"], participant).connect()
    qid = phone.call("question", {"text": "Why?"})["question_id"]
    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": event["id"]}).connect()
    clients = {"/audience": RawSocket(phone), "/presenter": RawSocket(screen)}
    w = {"live": live, "draft": draft, "qid": qid}
    before = settled(redis_client)
    sent = []

    @settings(EXAMPLES, max_examples=700)
    @given(data=st.data())
    def send(data):
        namespace, name, payloads = data.draw(st.sampled_from(socket_payloads(w)))
        raw = data.draw(payloads | garbage_bodies.filter(lambda b: b.strip().isascii())).decode("utf-8", "replace")
        try:
            json.loads(raw)
            if raw.count("[") + raw.count("{") > 300:
                raise RecursionError  # past the server's parser depth: test_undecodable_socket_packets...
        except (ValueError, RecursionError):
            raw = json.dumps(raw)  # a malformed packet is the transport's business; send it as a string
        assume(len(raw) < 60_000)  # larger packets exceed max_http_buffer_size: the transport hangs up
        ack = clients[namespace].call(name, raw)
        sent.append(name)
        if name in ("sync", "draw_surveys"):
            assert ack["ok"] is True, ack  # these ignore their payload and read only
        else:
            ack_is_error(ack, (name, raw[:200]))
        assert phone.connected() and screen.connected(), f"{name} {raw[:200]!r} dropped the connection"

    try:
        send()
        assert changes(redis_client, before) == []
        assert len(sent) >= 500
    finally:
        phone.close()
        screen.close()


def test_real_server_sample_over_http(live_server, live_organizer, redis_client):
    """A sample of the HTTP corpus against the eventlet server over real sockets."""
    event = live_organizer.event()
    live = live_organizer.poll(event["id"])
    http = live_server.http()
    before = settled(redis_client)
    title = broken({"title": "T"}, {"title": wrong}) | garbage_bodies
    targets = st.one_of(
        st.tuples(st.just(("POST", "/api/v1/events")), title),
        st.tuples(st.just(("PATCH", f"/api/v1/events/{event['id']}")), title),
        st.tuples(
            st.just(("POST", f"/api/v1/polls/{live['id']}/reveal")), broken({}, {"revealed": bad_bool}) | garbage_bodies
        ),
    )
    headers = {"Authorization": f"Bearer {live_organizer.token}", "Content-Type": "application/json"}

    @settings(EXAMPLES, max_examples=100)
    @given(target=targets)
    def send(target):
        (method, path), raw = target
        reply = http.request(method, path, headers=headers, data=raw)
        assert 400 <= reply.status < 500 and reply.body["error"]["code"], (path, raw[:100], reply.status, reply.body)

    send()
    assert changes(redis_client, before) == []


def test_undecodable_socket_packets_are_dropped_and_the_connection_lives(live_server, live_organizer, redis_client):
    """JSON nested past the parser's limit cannot even be read: the packet is dropped, nothing else."""
    event = live_organizer.event()
    live_organizer.open(live_organizer.poll(event["id"])["id"])
    phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    raw = RawSocket(phone)
    before = settled(redis_client)
    try:
        for event_name, text in [("vote", "[" * 5000 + "]" * 5000), ("question", '{"a":' * 5000 + "1" + "}" * 5000)]:
            assert raw.call(event_name, text, timeout=0.3) is None
        assert phone.connected() and phone.call("sync", {})["ok"] is True
        assert changes(redis_client, before) == []
    finally:
        phone.close()
