"""Per-participant caps on reactions (issue 15, item 5): one phone cannot pile up thousands of text
reactions for the organizer's insights to chew on, nor send more bytes than its share."""

import io

import pytest

from server import create_app
from server.runtime.config import Config
from tests.helpers.api import FlaskHttp, sign_in


def phone(http, code):
    token = http.request("POST", f"/api/v1/join/{code}").body["participant_token"]
    return {"X-Participant-Token": token}


def react(http, code, headers, text, **form):
    return http.request("POST", f"/api/v1/join/{code}/reactions", headers=headers, data={"text": text, **form})


@pytest.fixture
def reacting(http, organizer):
    event = organizer.event("Feedback")
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    return event


def test_one_participant_is_refused_after_twenty_reactions(http, organizer, hetki, reacting):
    code, eid = reacting["code"], reacting["id"]
    attacker, honest = phone(http, code), phone(http, code)
    replies = [react(http, code, attacker, f"Reaction number {n}") for n in range(200)]
    assert [r.status for r in replies[:20]] == [201] * 20
    refused = replies[20:]
    assert {r.status for r in refused} == {409}
    assert {r.body["error"]["code"] for r in refused} == {"reaction_quota"}
    assert all(r.body["error"]["message"] for r in refused)
    assert len(hetki.reactions.list(eid)) == 20
    assert react(http, code, honest, "Someone else still may").status == 201


def test_deleting_a_reaction_does_not_make_room_for_another(http, reacting):
    code = reacting["code"]
    attacker = phone(http, code)
    for n in range(20):
        rid = react(http, code, attacker, f"Again {n}").body["id"]
        assert http.request("DELETE", f"/api/v1/join/{code}/reactions/{rid}", headers=attacker).status == 204
    assert react(http, code, attacker, "One more").status == 409


def test_a_refused_reaction_does_not_count(http, reacting):
    code = reacting["code"]
    someone = phone(http, code)
    for _ in range(3):
        video = {"consent": "true", "video": (io.BytesIO(b"not a video at all" * 100), "clip.webm", "video/webm")}
        reply = http.request("POST", f"/api/v1/join/{code}/reactions", headers=someone, data=video)
        assert (reply.status, reply.body["error"]["code"]) == (422, "not_a_video")
    assert [react(http, code, someone, f"Text {n}").status for n in range(20)] == [201] * 20


@pytest.fixture
def small_caps_http(redis_client, redis_url, tmp_path):
    config = Config(
        REDIS_URL=redis_url,
        DATA_DIR=tmp_path,
        SECRET_KEY="test-secret",
        MESSAGE_QUEUE=False,
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
        TRANSCRIBE=False,
        REACTION_BYTES_PER_PARTICIPANT=1000,
        REACTION_TEXT_CHARS=400,
    )
    app = create_app(config)
    return FlaskHttp(app.test_client()), app.extensions["hetki"]


def test_the_caps_on_bytes_and_text_length_are_settings(small_caps_http):
    http, hetki = small_caps_http
    organizer = sign_in(http, hetki, "ada@example.org")
    event = organizer.event()
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    someone = phone(http, event["code"])
    too_long = react(http, event["code"], someone, "x" * 401)
    assert (too_long.status, too_long.body["error"]["code"]) == (422, "invalid_text")
    # 400 bytes each: two fit in 1,000 bytes, a third does not
    statuses = [react(http, event["code"], someone, "é" * 200).status for _ in range(3)]
    assert statuses == [201, 201, 409]
    assert react(http, event["code"], someone, "short").status == 201
