"""Socket.IO namespaces over real sockets: auth, acks with error objects, presenter control."""

import pytest
import socketio

from tests.helpers.api import sign_in
from tests.helpers.clients import Phone, PresenterScreen, join
from tests.helpers.processes import wait_until


def refused(url, namespace, auth, headers=None):
    """The error object a refused connection carries."""
    client = socketio.Client(reconnection=False)
    errors = []
    client.on("connect_error", errors.append, namespace=namespace)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            url, namespaces=[namespace], auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=5
        )
    client.disconnect()
    return errors[0]["data"] if errors else None


@pytest.fixture
def event_with_poll(live_organizer):
    event = live_organizer.event()
    poll = live_organizer.poll(event["id"])
    live_organizer.open(poll["id"])
    return event, poll


@pytest.fixture
def phone(live_server, event_with_poll):
    event, _ = event_with_poll
    phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    phone.wait_for("state")
    yield phone
    phone.close()


def test_audience_connect_refusals(live_server, event_with_poll):
    event, _ = event_with_poll
    assert refused(live_server.url, "/audience", {"code": "ZZZZZZ", "participant": "x"})["code"] == "event_not_found"
    assert refused(live_server.url, "/audience", {"code": event["code"]})["code"] == "participant_required"
    assert (
        refused(live_server.url, "/audience", {"code": event["code"], "participant": "forged.token"})["code"]
        == "participant_required"
    )
    assert refused(live_server.url, "/audience", {})["code"] == "validation_failed"
    assert refused(live_server.url, "/audience", "not a dict")["code"] == "validation_failed"


@pytest.mark.parametrize(
    "payload, code",
    [
        (None, "validation_failed"),
        ("just a string", "validation_failed"),
        ({"poll_id": "x"}, "validation_failed"),
        ({"value": "o1", "client_vote_id": "a"}, "validation_failed"),
        ({"poll_id": "../../x", "value": "o1", "client_vote_id": "a"}, "validation_failed"),
        ({"poll_id": "POLL", "value": "o1", "client_vote_id": "x" * 65}, "validation_failed"),
        ({"poll_id": "POLL", "value": "o1", "client_vote_id": "a b"}, "validation_failed"),
        ({"poll_id": "POLL", "value": "o7", "client_vote_id": "a"}, "invalid_value"),
        ({"poll_id": "POLL", "value": 3, "client_vote_id": "a"}, "invalid_value"),
        ({"poll_id": "POLL", "value": ["o1"], "client_vote_id": "a"}, "invalid_value"),
        ({"poll_id": "nopoll", "value": "o1", "client_vote_id": "a"}, "poll_not_found"),
    ],
)
def test_bad_votes_are_acked_with_error_objects(phone, event_with_poll, live_organizer, payload, code):
    _, poll = event_with_poll
    assert phone.vote(poll["id"], "o1", "kept")["ok"]
    if isinstance(payload, dict) and payload.get("poll_id") == "POLL":
        payload = {**payload, "poll_id": poll["id"]}
    ack = phone.call("vote", payload)
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    assert live_organizer.results(poll["id"])["counts"]["o1"] == 1


def test_vote_on_closed_poll_is_refused(phone, event_with_poll, live_organizer):
    _, poll = event_with_poll
    live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    closed = phone.wait_for("poll", lambda m: m["poll"]["state"] == "closed")
    assert closed["poll"]["id"] == poll["id"]
    assert phone.vote(poll["id"], "o1")["error"]["code"] == "poll_closed"


def test_late_retry_over_the_socket_keeps_the_latest_vote(phone, event_with_poll, live_organizer):
    """A phone votes A (c1), changes to B (c2); a delayed retry of c1 arrives: acked ok, B stays."""
    _, poll = event_with_poll
    assert phone.vote(poll["id"], "o1", "c1") == {"ok": True, "outcome": "new"}
    assert phone.vote(poll["id"], "o2", "c2") == {"ok": True, "outcome": "changed"}
    assert phone.vote(poll["id"], "o1", "c1") == {"ok": True, "outcome": "duplicate"}
    assert live_organizer.results(poll["id"])["counts"] == {"o1": 0, "o2": 1, "o3": 0}
    state = phone.call("sync", {})["state"]
    assert (state["vote"], state["vote_id"]) == ("o2", "c2")


def test_presenter_controls_and_reveal_reach_phones(live_server, live_organizer, phone, event_with_poll):
    event, poll = event_with_poll
    second = live_organizer.poll(event["id"], question="Next one?", options=["Yes", "No"])
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    screen = PresenterScreen(live_server.url, {"key": key}).connect()
    try:
        state = screen.wait_for("state")
        assert state["poll"]["id"] == poll["id"] and [p["id"] for p in state["polls"]] == [poll["id"], second["id"]]
        assert phone.vote(poll["id"], "o2")["ok"]
        assert screen.wait_for("results", lambda r: r["total"] == 1)["counts"]["o2"] == 1

        assert screen.call("reveal", {"poll_id": poll["id"]})["poll"]["revealed"] is True
        shown = phone.wait_for("poll", lambda m: m["poll"]["revealed"])
        assert shown["results"]["counts"]["o2"] == 1

        ack = screen.call("open", {"poll_id": second["id"]})
        assert ack["ok"] and ack["poll"]["state"] == "open"
        live = phone.wait_for("poll", lambda m: m["poll"]["id"] == second["id"])
        assert live["poll"]["question"] == "Next one?" and live["results"] is None
        assert screen.call("close", {"poll_id": second["id"]})["poll"]["state"] == "closed"
        assert screen.call("open", {"poll_id": "missing"})["error"]["code"] == "poll_not_found"
        assert screen.call("open", {})["error"]["code"] == "validation_failed"
    finally:
        screen.close()


def test_presenter_auth(live_server, live_organizer, event_with_poll, hetki):
    event, poll = event_with_poll
    other = sign_in(live_server.http(), hetki, "bob@example.org")
    assert refused(live_server.url, "/presenter", {"key": "wrong"})["code"] == "presenter_key_invalid"
    assert refused(live_server.url, "/presenter", {"token": "wrong", "event_id": event["id"]})["code"] == "unauthorized"
    assert (
        refused(live_server.url, "/presenter", {"token": other.token, "event_id": event["id"]})["code"]
        == "event_not_found"
    )
    # an attendee's namespace offers no presenter actions
    phone_token = join(live_server.http(), event["code"])
    phone = Phone(live_server.url, event["code"], phone_token).connect()
    try:
        assert phone.call("close", {"poll_id": poll["id"]}) is None
        assert live_organizer.call("GET", f"/api/v1/polls/{poll['id']}").body["state"] == "open"
    finally:
        phone.close()


def test_revoked_presenter_link_can_no_longer_act(live_server, live_organizer, event_with_poll):
    event, poll = event_with_poll
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    screen = PresenterScreen(live_server.url, {"key": key}).connect()
    try:
        screen.wait_for("state")
        live_organizer.call("POST", f"/api/v1/events/{event['id']}/presenter-key")
        screen.wait_for("presenter_key_revoked")
        assert screen.call("close", {"poll_id": poll["id"]})["error"]["code"] == "presenter_key_invalid"
        assert refused(live_server.url, "/presenter", {"key": key})["code"] == "presenter_key_invalid"
    finally:
        screen.close()


def test_cross_origin_handshake_is_refused(live_server, event_with_poll):
    event, _ = event_with_poll
    token = join(live_server.http(), event["code"])
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            live_server.url,
            namespaces=["/audience"],
            auth={"code": event["code"], "participant": token},
            headers={"Origin": "https://evil.example"},
            transports=["websocket"],
            wait_timeout=5,
        )
    # same-origin handshakes (websocket-client sends Origin: the server's own URL) connect in every other test


def test_presenter_link_may_toggle_moderation_but_not_edit_the_event(live_server, live_organizer, event_with_poll):
    event, _ = event_with_poll
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    screen = PresenterScreen(live_server.url, {"key": key}).connect()
    try:
        screen.wait_for("state")
        assert screen.call("settings", {"title": "Hijacked"})["error"]["code"] == "validation_failed"
        assert screen.call("settings", {"moderation": False})["ok"]
        assert screen.wait_for("poll", lambda m: m.get("moderation") is False)
        detail = live_organizer.call("GET", f"/api/v1/events/{event['id']}").body
        assert detail["title"] == "Keynote" and detail["moderation"] is False
    finally:
        screen.close()


def test_a_closed_poll_leaves_the_broadcasters_set_once_its_last_results_are_out(app, organizer, redis_client):
    """The broadcaster's work follows the polls live now, not every poll ever opened."""
    broadcaster = app.extensions["hetki_broadcaster"]
    broadcaster.audience_interval = 0  # revealed results go out to phones at the first tick
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])

    member = f"{event['id']}:{poll['id']}".encode()

    def in_set():
        return member in redis_client.smembers("hetki:live-polls")

    def listed():
        broadcaster.flush()
        return in_set()

    # Another server of the session (live_server) may hold this poll's broadcaster lock and do the
    # dropping itself, so "it leaves" is waited for, by whichever broadcaster.
    assert listed() and listed()  # open: stays
    assert organizer.call("POST", f"/api/v1/polls/{poll['id']}/close").status == 200
    assert wait_until(lambda: not listed(), timeout=5)  # its last results sent, nothing is left
    assert organizer.call("POST", f"/api/v1/polls/{poll['id']}/reveal").status == 200
    assert in_set()  # revealing the event's current poll puts it back for one more broadcast
    assert wait_until(lambda: not listed(), timeout=5)
