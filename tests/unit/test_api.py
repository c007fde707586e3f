"""The HTTP contract: events, polls, joining, votes, and every error as {"error": {code, message}}."""

import pytest

from tests.helpers.api import assert_error, sign_in


def test_token_and_event_creation(organizer):
    event = organizer.event("Launch")
    assert len(event["code"]) == 6 and not set(event["code"]) & set("0O1IL")
    assert event["join_url"].endswith(f"/j/{event['code']}")
    assert event["qr_url"].endswith(f"/j/{event['code']}/qr.svg")
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    assert len(key) >= 32  # 24 random bytes, url-safe: 192 bits
    listed = organizer.call("GET", "/api/v1/events").body["events"]
    assert [e["id"] for e in listed] == [event["id"]]


def test_poll_open_close_and_results(organizer):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    assert [o["id"] for o in poll["options"]] == ["o1", "o2", "o3"] and poll["state"] == "draft"
    assert organizer.open(poll["id"])["state"] == "open"
    closed = organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    assert closed.status == 200 and closed.body["state"] == "closed"
    assert organizer.results(poll["id"]) == {
        "poll_id": poll["id"],
        "type": "single",
        "total": 0,
        "counts": {"o1": 0, "o2": 0, "o3": 0},
    }


def test_http_vote_fallback_with_cookie(organizer, client, http):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    joined = http.request("POST", f"/api/v1/join/{event['code']}", json={"nickname": "Ada"})
    assert joined.status == 201 and joined.body["event"]["code"] == event["code"]
    assert "HttpOnly" in joined.headers["Set-Cookie"]
    vote = {"value": "o2", "client_vote_id": "abc-1"}
    first = http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json=vote)
    again = http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json=vote)
    assert first.status == 200 and first.body["ok"] is True
    assert again.status == 200 and again.body == {"ok": True, "outcome": "duplicate"}
    assert organizer.results(poll["id"])["counts"]["o2"] == 1


def test_join_code_is_case_insensitive(organizer, http):
    event = organizer.event()
    assert http.request("POST", f"/api/v1/join/{event['code'].lower()}").status == 201


def test_ownership_between_two_organizers(organizer, http, hetki):
    other = sign_in(http, hetki, "bob@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"])
    for method, path in [
        ("GET", f"/api/v1/events/{event['id']}"),
        ("DELETE", f"/api/v1/events/{event['id']}"),
        ("POST", f"/api/v1/events/{event['id']}/polls"),
        ("POST", f"/api/v1/polls/{poll['id']}/open"),
        ("POST", f"/api/v1/polls/{poll['id']}/close"),
        ("GET", f"/api/v1/polls/{poll['id']}/results"),
    ]:
        assert_error(other.call(method, path, json={"type": "single", "question": "x", "options": ["a", "b"]}), 404)
    assert other.call("GET", "/api/v1/events").body["events"] == []
    assert organizer.call("GET", f"/api/v1/events/{event['id']}").status == 200
    assert organizer.call("GET", f"/api/v1/polls/{poll['id']}").body["state"] == "draft"


def test_delete_event_erases_everything(organizer, redis_client, http):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    http.request("POST", f"/api/v1/join/{event['code']}")
    http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json={"value": "o1", "client_vote_id": "a"})
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    leftovers = [
        k
        for k in redis_client.scan_iter()
        if event["id"].encode() in k or event["code"].encode() in k or poll["id"].encode() in k
    ]
    assert leftovers == []
    assert_error(http.request("POST", f"/api/v1/join/{event['code']}"), 404)


@pytest.mark.parametrize(
    "method, path, kwargs, status",
    [
        ("POST", "/api/v1/join/ZZZZZZ", {}, 404),
        ("POST", "/api/v1/join/not-a-code", {}, 404),
        ("GET", "/j/ZZZZZZ", {}, 404),
        ("GET", "/j/ZZZZZZ/qr.svg", {}, 404),
        ("POST", "/api/v1/token", {"data": "{not json", "content_type": "application/json"}, 400),
        ("POST", "/api/v1/token", {"json": {"email": "nope", "password": "x"}}, 422),
        ("POST", "/api/v1/token", {"json": ["a", "list"]}, 422),
        ("POST", "/api/v1/token", {"json": {"email": "ada@example.org", "password": "wrong"}}, 401),
        ("POST", "/api/v1/token", {"data": "email=a", "content_type": "application/x-www-form-urlencoded"}, 415),
        ("GET", "/api/v1/events", {}, 401),
        ("POST", "/api/v1/events", {"json": {"title": "x"}}, 401),
        ("GET", "/api/v1/polls/nope/results", {}, 401),
        ("POST", "/api/v1/polls/nope/votes", {"json": {"value": "o1", "client_vote_id": "a"}}, 404),
        ("GET", "/api/v1/nothing-here", {}, 404),
        ("PUT", "/api/v1/token", {}, 405),
        ("POST", "/api/v1/token", {"data": "x" * 70_000, "content_type": "application/json"}, 413),
    ],
)
def test_errors_without_auth(http, organizer, method, path, kwargs, status):
    assert_error(http.request(method, path, **kwargs), status)


@pytest.mark.parametrize(
    "body, status",
    [
        ({}, 422),
        ({"title": ""}, 422),
        ({"title": "x" * 201}, 422),
        ({"title": 5}, 422),
        (None, 415),
    ],
)
def test_event_validation(organizer, body, status):
    kwargs = {"json": body} if body is not None else {}
    assert_error(organizer.call("POST", "/api/v1/events", **kwargs), status)


@pytest.mark.parametrize(
    "body",
    [
        {"type": "single", "question": "Q", "options": ["only one"]},
        {"type": "single", "question": "Q", "options": ["a", ""]},
        {"type": "single", "question": "Q", "options": "a,b"},
        {"type": "single", "question": "", "options": ["a", "b"]},
        {"type": "nonsense", "question": "Q", "options": ["a", "b"]},
        {"type": "multiple", "question": "Q", "options": ["a", "b"], "settings": {"max_choices": 3}},
        {"type": "multiple", "question": "Q", "options": ["a", "b"], "settings": {"max_choices": "2"}},
        {"type": "single", "question": "Q", "options": [{"text": "a"}, {"nope": 1}]},
    ],
)
def test_poll_validation(organizer, body):
    event = organizer.event()
    assert_error(organizer.call("POST", f"/api/v1/events/{event['id']}/polls", json=body), 422)
    assert organizer.call("GET", f"/api/v1/events/{event['id']}/polls").body["polls"] == []


@pytest.mark.parametrize(
    "vote, status",
    [
        ({"value": "o1"}, 422),
        ({"value": "o1", "client_vote_id": ""}, 422),
        ({"value": "o1", "client_vote_id": "x" * 65}, 422),
        ({"value": "o1", "client_vote_id": "has space"}, 422),
        ({"value": "o1", "client_vote_id": "../../etc"}, 422),
        ({"value": None, "client_vote_id": "a"}, 422),
        ({"value": "o9", "client_vote_id": "a"}, 422),
        ({"value": ["o1"], "client_vote_id": "a"}, 422),
        ({"value": {"$gt": 1}, "client_vote_id": "a"}, 422),
    ],
)
def test_vote_validation_keeps_stored_votes(organizer, http, vote, status):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    http.request("POST", f"/api/v1/join/{event['code']}")
    http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json={"value": "o1", "client_vote_id": "first"})
    assert_error(http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json=vote), status)
    assert organizer.results(poll["id"])["counts"]["o1"] == 1


def test_vote_without_joining_is_401(organizer, http):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    reply = http.request(
        "POST",
        f"/api/v1/polls/{poll['id']}/votes",
        json={"value": "o1", "client_vote_id": "a"},
        headers={"X-Participant-Token": "forged"},
    )
    assert_error(reply, 401)


def test_participant_token_of_another_event_is_refused(organizer, http):
    first, second = organizer.event("One"), organizer.event("Two")
    poll = organizer.poll(second["id"])
    organizer.open(poll["id"])
    token = http.request("POST", f"/api/v1/join/{first['code']}").body["participant_token"]
    http.client.delete_cookie(f"hetki_p_{first['id']}")
    reply = http.request(
        "POST",
        f"/api/v1/polls/{poll['id']}/votes",
        json={"value": "o1", "client_vote_id": "a"},
        headers={"X-Participant-Token": token},
    )
    assert_error(reply, 401)


def test_bad_bearer_token_is_401(http):
    assert_error(http.request("GET", "/api/v1/events", headers={"Authorization": "Bearer nope"}), 401)


def test_rotating_the_presenter_key_revokes_the_old_link(organizer, http):
    event = organizer.event()
    old_path = "/p/" + event["presenter_url"].rsplit("/p/", 1)[1]
    assert http.request("GET", old_path).status == 200
    rotated = organizer.call("POST", f"/api/v1/events/{event['id']}/presenter-key").body
    assert rotated["presenter_url"] != event["presenter_url"]
    assert http.request("GET", old_path, headers={"Accept": "text/html"}).status == 404
    assert http.request("GET", "/p/" + rotated["presenter_url"].rsplit("/p/", 1)[1]).status == 200


def test_healthz(http):
    body = http.request("GET", "/healthz").body
    # in-process (no `python -m server`) none of the transport patches is installed
    assert body["status"] == "ok" and body["patches"] == {"transport": "stock"}
    assert set(body["connections"]) == {"made", "live", "http_live", "rss_bytes"}


def test_qr_codes(organizer, http):
    event = organizer.event()
    svg = http.client.get(f"/j/{event['code']}/qr.svg")
    png = http.client.get(f"/j/{event['code']}/qr.png")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")


def test_join_page_sets_participant_cookie_once(organizer, http):
    event = organizer.event()
    first = http.client.get(f"/j/{event['code']}")
    assert first.status_code == 200 and f"hetki_p_{event['id']}" in first.headers["Set-Cookie"]
    assert "Set-Cookie" not in http.client.get(f"/j/{event['code']}").headers
