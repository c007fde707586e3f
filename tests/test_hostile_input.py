"""Generated malformed input (Hypothesis) against every JSON endpoint, path id, query string and
Socket.IO event: never a 5xx, always an error object, and Redis is byte-for-byte unchanged."""

import json
import math
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from server import create_app
from server.config import RATE_LIMIT_DEFAULTS

from .clients import Phone, PresenterScreen, join
from .conftest import FlaskHttp, sign_in

EXAMPLES = settings(
    max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)


class Raw(str):
    """JSON text sent as is: what a Python serializer would refuse to write."""


def to_json(value):
    if isinstance(value, Raw):
        return value
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return json.dumps(value)


NASTY = ["*", "{", "}", ":", "\n", "a*b", "x{y}", "a:b", "line\nbreak", "\r\n", "{a}:*", "../x", "\x00", "%00"]
SURROGATES = ["\ud800", "\udfff", "a\ud800b", "\udc00" * 3]
nasty_text = st.sampled_from(NASTY + SURROGATES) | st.text(
    alphabet=st.characters(categories=["Cs", "Cc", "Zs", "So"]) | st.sampled_from("*{}:\n"), min_size=1, max_size=20
).filter(lambda s: any(c in s for c in "*{}:\n") or any("\ud800" <= c <= "\udfff" for c in s))
# Within what a real server takes in a URL (eventlet refuses request lines over 8 KB).
url_text = st.builds(lambda c, n: c * n, st.sampled_from(["a", "\ud800", "é", "*{:\n", "%"]), st.integers(65, 600))
huge_text = st.builds(lambda c, n: c * n, st.sampled_from(["a", "\ud800", "é", "*{:\n", "<"]), st.integers(5001, 60000))
huge_number = st.builds(
    lambda n, sign: Raw(sign + "9" * n), st.sampled_from([4301, 10_000, 60_000]), st.sampled_from(["", "-"])
)
deep = st.builds(
    lambda n, shape: Raw(shape[0] * n + "1" + shape[1] * n),
    st.integers(50, 20_000),
    st.sampled_from([("[", "]"), ('{"a":', "}")]),
)
odd_numbers = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 1.5, 2**64, -(2**63)]) | huge_number
containers = st.recursive(
    st.none() | st.booleans() | st.integers() | odd_numbers | nasty_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text | st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
# A value that no typed field accepts: not a string, or a string too long or not valid Unicode.
wrong = containers.filter(lambda v: not isinstance(v, (str, bool))) | huge_text | deep | st.sampled_from(SURROGATES)
bad_id = wrong | nasty_text | st.just("x" * 65)
bad_bool = wrong.filter(lambda v: v not in (0, 1)) | nasty_text
garbage_bodies = st.one_of(
    st.binary(max_size=64).filter(lambda b: b.strip()),  # invalid UTF-8, truncated JSON, anything
    st.sampled_from([b"{", b'{"a":', b"[1,", b'"\\ud800', b"\xff\xfe{}", b"nul", b"{'a': 1}"]),
    (containers.filter(lambda v: not isinstance(v, dict)) | deep | huge_number).map(lambda v: to_json(v).encode()),
)


def broken(valid, fields):
    """`valid` (a dict) with one of `fields` (name -> strategy of bad values) made bad, as JSON bytes."""
    return st.sampled_from(sorted(fields)).flatmap(
        lambda name: fields[name].map(lambda bad: to_json({**valid, name: bad}).encode())
    )


def snapshot(redis_client):
    """Every key and its serialized value, except rate-limit counters (refusing input may count) and
    the broadcaster's lock (its holder renews it every tick while a poll is live)."""
    keys = sorted(
        k for k in redis_client.keys("*") if not k.startswith(b"hetki:limits") and not k.endswith(b":broadcaster")
    )
    pipe = redis_client.pipeline()
    for key in keys:
        pipe.dump(key)
    return dict(zip(keys, pipe.execute(), strict=True))


def settled(redis_client):
    """The snapshot once the live server's broadcaster has flushed what opening a poll queued."""
    last = snapshot(redis_client)
    while True:
        time.sleep(0.15)
        now = snapshot(redis_client)
        if now == last:
            return now
        last = now


def changes(redis_client, before):
    after = snapshot(redis_client)
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@pytest.fixture
def world(config, redis_client):
    """An app without rate limits (so every request reaches validation) and an event in use."""
    config.RATE_LIMITS = dict.fromkeys(RATE_LIMIT_DEFAULTS, "")
    app = create_app(config)
    hetki = app.extensions["hetki"]
    http = FlaskHttp(app.test_client())
    organizer = sign_in(http, hetki, "ada@example.org")
    event = organizer.event()
    live = organizer.poll(event["id"])
    draft = organizer.poll(event["id"], type="wordcloud", question="Words?", options=None)
    organizer.open(live["id"])
    participant = join(http, event["code"], "Ada")
    phone = {"X-Participant-Token": participant}
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    assert (
        http.request("POST", f"/api/v1/join/{event['code']}/reactions", headers=phone, data={"text": "Hi"}).status
        == 201
    )
    reaction = organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"][0]
    qid = hetki.questions.ask(hetki.events.get(event["id"]), "someone", "Why?", None, False)
    ids = {"eid": event["id"], "pid": live["id"], "code": event["code"], "rid": reaction["id"], "key": "nokey"}
    return {
        "app": app, "http": http, "organizer": organizer, "event": event, "live": live, "draft": draft,
        "phone": phone, "participant": participant, "ids": ids, "qid": qid, "redis": redis_client,
    }  # fmt: skip


def json_endpoints(w):
    """Every JSON body the API takes: (method, path, headers, strategy of malformed bodies)."""
    ids, option = w["ids"], w["live"]["options"][0]["id"]
    text = lambda most: wrong | st.just("") | st.just("x" * (most + 1))  # noqa: E731
    org = {"Authorization": f"Bearer {w['organizer'].token}"}
    return [
        ("POST", "/api/v1/token", {}, broken({"email": "ada@example.org", "password": "x"}, {"email": wrong | nasty_text, "password": text(200)})),
        ("POST", "/api/v1/events", org, broken({"title": "T"}, {"title": text(200)})),
        ("PATCH", f"/api/v1/events/{ids['eid']}", org, broken({"title": "T"}, {
            "title": text(200), "moderation": bad_bool, "reaction_limit": wrong | st.sampled_from([14, 121, 10**30]),
            "retention_days": wrong | st.just(0), "language": bad_id, "show_results": bad_bool})),
        ("POST", f"/api/v1/events/{ids['eid']}/polls", org, broken({"type": "single", "question": "Q", "options": ["a", "b"]}, {
            "type": bad_id, "question": text(300), "options": wrong.filter(lambda v: not isinstance(v, list | None)),
            "settings": wrong.filter(lambda v: not isinstance(v, dict | None))})),
        ("PATCH", f"/api/v1/polls/{w['draft']['id']}", org, broken({"question": "Q"}, {
            "question": text(300), "options": wrong.filter(lambda v: not isinstance(v, list | None)),
            "settings": wrong.filter(lambda v: not isinstance(v, dict | None))})),
        ("PUT", f"/api/v1/events/{ids['eid']}/poll-order", org, broken({"poll_ids": [w["live"]["id"], w["draft"]["id"]]}, {
            "poll_ids": wrong.filter(lambda v: not isinstance(v, list | None)) | st.lists(bad_id, min_size=1, max_size=3)})),
        ("POST", "/api/v1/events/import", org, broken({"event": {"title": "T"}, "polls": []}, {
            "event": wrong.filter(lambda v: not isinstance(v, dict | None)), "polls": wrong.filter(lambda v: not isinstance(v, list | None))})),
        ("POST", f"/api/v1/polls/{ids['pid']}/reveal", org, broken({"revealed": True}, {"revealed": bad_bool})),
        ("POST", f"/api/v1/polls/{ids['pid']}/reset", org, broken({"confirm": True}, {"confirm": bad_bool | st.just(False)})),
        ("POST", f"/api/v1/join/{ids['code']}", {}, broken({"nickname": "n"}, {"nickname": wrong.filter(lambda v: v is not None)})),
        ("POST", f"/api/v1/polls/{ids['pid']}/votes", w["phone"], broken({"value": option, "client_vote_id": "c1"}, {
            "value": wrong | nasty_text | st.just([option]), "client_vote_id": bad_id})),
        ("PATCH", f"/api/v1/events/{ids['eid']}/reactions/{ids['rid']}", org, broken({"status": "approved"}, {"status": bad_id})),
    ]  # fmt: skip


@pytest.fixture
def check(world):
    """check(reply): a 4xx with an error object, and Redis exactly as before the request."""
    before = settled(world["redis"])

    def check(reply, what, sent=b""):
        assert 400 <= reply.status < 500, (what, sent[:300], reply.status, reply.body)
        if what.startswith("/api/"):
            error = (reply.body or {}).get("error") or {}
            assert isinstance(error.get("code"), str) and isinstance(error.get("message"), str), (what, reply.body)
        changed = changes(world["redis"], before)
        assert not changed, f"{what} {sent[:300]!r} changed {changed}"

    return check


# Writes that read no JSON body (their path says it all), and the multipart upload fuzzed on its own.
NO_JSON_BODY = {
    "api.open_poll", "api.close_poll", "api.rotate_presenter_key", "editor_api.duplicate_poll",
    "editor_api.duplicate_event", "reactions_api.open_reactions", "reactions_api.close_reactions",
    "reactions_api.upload_reaction", "organizer.login", "organizer.logout",
}  # fmt: skip


def test_every_json_write_endpoint_is_fuzzed(world):
    adapter = world["app"].url_map.bind("localhost")
    fuzzed = {adapter.match(path, method)[0] for method, path, _, _ in json_endpoints(world)}
    writes = {rule.endpoint for rule in world["app"].url_map.iter_rules() if rule.methods & {"POST", "PATCH", "PUT"}}
    assert writes - fuzzed - NO_JSON_BODY == set(), "a JSON endpoint is missing from json_endpoints()"


@EXAMPLES
@given(data=st.data())
def test_malformed_http_bodies(world, check, data):
    method, path, headers, bodies = data.draw(st.sampled_from(json_endpoints(world)))
    raw = data.draw(bodies | garbage_bodies)
    reply = world["http"].request(method, path, headers={**headers, "Content-Type": "application/json"}, data=raw)
    check(reply, path, raw)


form_text = nasty_text.filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t))  # forms are UTF-8


@settings(EXAMPLES, max_examples=150)
@given(
    form=st.tuples(form_text, form_text | st.just("Nice"))
    | st.tuples(st.just("true"), st.sampled_from([501, 5001, 60_000]).map(lambda n: "x" * n))
)
def test_malformed_reaction_forms(world, check, form):
    path = f"/api/v1/join/{world['ids']['code']}/reactions"
    reply = world["http"].request("POST", path, headers=world["phone"], data={"consent": form[0], "text": form[1]})
    check(reply, path, repr(form).encode())


def routes_with_ids(app):
    return [(m, r) for r in app.url_map.iter_rules() if r.arguments for m in sorted(r.methods - {"HEAD", "OPTIONS"})]


@settings(EXAMPLES, max_examples=250)
@given(data=st.data(), hostile=bad_id.map(lambda v: to_json(v) if not isinstance(v, str) else v).filter(bool))
def test_hostile_ids_in_paths_and_queries(world, check, data, hostile):
    method, rule = data.draw(st.sampled_from(routes_with_ids(world["app"])))
    swapped = data.draw(st.sampled_from(sorted(rule.arguments)))
    values = {a: world["ids"].get(a, "x") for a in rule.arguments} | {swapped: hostile}
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<{name}>", quote(value, safe="", errors="surrogatepass")).replace(
            f"<path:{name}>", quote(value, safe="", errors="surrogatepass")
        )
    query = "?" + "&".join(
        f"{quote(k, errors='surrogatepass')}={quote(v, errors='surrogatepass')}"
        for k, v in data.draw(
            st.dictionaries(
                st.sampled_from(["format", "since", "lang", "x"]) | nasty_text, nasty_text | url_text, max_size=3
            )
        ).items()
    )
    headers = {"Authorization": f"Bearer {world['organizer'].token}", **world["phone"]}
    check(world["http"].request(method, path + query, headers=headers), path)  # fmt: skip


@settings(EXAMPLES, max_examples=120)
@given(fmt=nasty_text | url_text | st.just(""))
def test_hostile_export_format(world, check, fmt):
    path = f"/api/v1/events/{world['ids']['eid']}/export?format={quote(fmt, errors='surrogatepass')}"
    check(world["organizer"].call("GET", path), "/api/v1/export")


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
        ("/presenter", "close", broken({"poll_id": pid}, {"poll_id": bad_id})),
        ("/presenter", "reveal", broken({"poll_id": pid, "revealed": True}, {"poll_id": bad_id, "revealed": bad_bool})),
        ("/presenter", "moderate", broken({"action": "approve", "question_id": w["qid"]}, {"action": bad_id, "question_id": bad_id})),
        ("/presenter", "reset", broken({"poll_id": pid, "confirm": True}, {"poll_id": bad_id, "confirm": bad_bool | st.just(False)})),
        ("/presenter", "settings", broken({"moderation": True}, {"moderation": bad_bool})),
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
        if name == "sync":
            assert ack["ok"] is True, ack  # sync ignores its payload and reads only
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
