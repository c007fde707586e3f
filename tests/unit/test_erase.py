"""Erasing an event leaves nothing: no Redis key of it, no file in MEDIA_DIR, dead join code and link."""

import pytest

from tests.helpers.api import assert_error, upload
from tests.helpers.clips import make_clip
from tests.helpers.leftovers import keys_mentioning, media_files


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.webm", 2.0, "webm")


def fill_event(organizer, http, clip, nickname):
    """An event with every kind of data: polls of several types with votes, a quiz leaderboard,
    open answers with moderation, Q&A with upvotes, a nickname, video and text reactions."""
    event = organizer.event("To be erased")
    eid = event["id"]
    organizer.call("POST", f"/api/v1/events/{eid}/reactions/open")
    joined = http.request("POST", f"/api/v1/join/{event['code']}", json={"nickname": nickname})
    token = {"X-Participant-Token": joined.body["participant_token"]}
    polls = [
        organizer.poll(eid),
        organizer.poll(eid, type="quiz", options=("3", "4"), correct=1),
        organizer.poll(eid, type="open", options=None),
        organizer.poll(eid, type="wordcloud", options=None),
    ]
    for poll, value in zip(polls, ["o1", "o2", "Answer", ["sisu"]], strict=True):
        organizer.open(poll["id"])
        vote = {"value": value, "client_vote_id": f"c-{poll['id']}"}
        assert http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json=vote, headers=token).status == 200
    assert upload(http, event, clip.read_bytes(), text="Nice").status == 201
    assert upload(http, event, None, text="Only words").status == 201
    organizer.call("POST", f"/api/v1/events/{eid}/presenter-key")  # an old key digest and a new one
    return organizer.call("GET", f"/api/v1/events/{eid}").body, polls


def test_delete_event_leaves_no_key_and_no_file(organizer, http, hetki, redis_client, config, clip):
    other = organizer.event("Stays")  # a second event of the same organizer is untouched
    event, polls = fill_event(organizer, http, clip, "Eraser")
    eid, code, key = event["id"], event["code"], event["presenter_url"].rsplit("/p/", 1)[1]
    poll_ids = [p["id"] for p in polls]
    assert keys_mentioning(redis_client, eid) and media_files(config)

    assert organizer.call("DELETE", f"/api/v1/events/{eid}").status == 204

    assert keys_mentioning(redis_client, eid, code, *poll_ids) == []
    assert [
        k for k in redis_client.scan_iter(match="hetki:presenter-key:*") if redis_client.get(k) == eid.encode()
    ] == []
    assert not any(path.startswith(eid) for path in media_files(config))
    assert not (config.MEDIA_DIR / eid).exists()
    assert_error(http.request("POST", f"/api/v1/join/{code}"), 404)
    assert http.request("GET", f"/j/{code}").status == 404
    assert http.request("GET", f"/p/{key}").status == 404
    assert_error(organizer.call("GET", f"/api/v1/events/{eid}"), 404)
    assert_error(organizer.call("DELETE", f"/api/v1/events/{eid}"), 404)
    listed = [e["id"] for e in organizer.call("GET", "/api/v1/events").body["events"]]
    assert listed == [other["id"]]
    assert hetki.events.get(other["id"])["title"] == "Stays"
