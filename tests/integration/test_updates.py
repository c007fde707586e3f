""" "You said, we did" over the API (issue 18, item 2): the organizer writes, publishes, unpublishes
and deletes an event's update; phones get it with their own answers to the polls it refers to and
nobody else's; every bad input is a 4xx error object; erasure removes it; the JSON export holds it."""

import json

from server.store import Keys
from tests.helpers.api import assert_error, sign_in
from tests.helpers.clients import join, vote_over_http

TEXT = "You said the coffee ran out.\n\nWe doubled it for next year."


def setup_event(organizer):
    event = organizer.event("Summit")
    fruit = organizer.poll(event["id"])
    words = organizer.poll(event["id"], type="open", question="What should we improve?", options=None)
    return event, fruit, words


def live(http, event, token):
    reply = http.request("GET", f"/api/v1/events/{event['id']}/live", headers={"X-Participant-Token": token})
    assert reply.status == 200, reply.body
    return reply.body


def close(organizer, poll):
    assert organizer.call("POST", f"/api/v1/polls/{poll['id']}/close").status == 200


def test_publish_shows_only_each_phones_own_answers(http, organizer):
    event, fruit, words = setup_event(organizer)
    ada, bob = join(http, event["code"]), join(http, event["code"])
    organizer.open(fruit["id"])
    vote_over_http(http, fruit["id"], ada, fruit["options"][1]["id"], "a1")
    vote_over_http(http, fruit["id"], bob, fruit["options"][2]["id"], "b1")
    organizer.open(words["id"])
    vote_over_http(http, words["id"], ada, "More coffee, please", "a2")
    close(organizer, words)

    refs = [{"poll_id": fruit["id"]}, {"poll_id": words["id"]}, {"poll_id": fruit["id"]}]
    reply = organizer.call("PUT", f"/api/v1/events/{event['id']}/update", json={"text": f"  {TEXT}  ", "refs": refs})
    assert reply.status == 200, reply.body
    assert reply.body["text"] == TEXT and not reply.body["published"] and reply.body["published_at"] is None
    assert reply.body["refs"] == [{"poll_id": fruit["id"]}, {"poll_id": words["id"]}]  # each once
    assert live(http, event, ada)["update"] is None  # a draft is the organizer's only

    reply = organizer.call("POST", f"/api/v1/events/{event['id']}/update/publish")
    assert reply.status == 200 and reply.body["published"] and reply.body["published_at"]
    mine = live(http, event, ada)["update"]
    assert mine["text"] == TEXT
    assert [ref["question"] for ref in mine["refs"]] == ["Best fruit?", "What should we improve?"]
    assert mine["mine"] == [
        {"poll_id": fruit["id"], "question": "Best fruit?", "answer": "Pear"},
        {"poll_id": words["id"], "question": "What should we improve?", "answer": "More coffee, please"},
    ]
    theirs = live(http, event, bob)["update"]
    assert theirs["mine"] == [{"poll_id": fruit["id"], "question": "Best fruit?", "answer": "Plum"}]
    assert "More coffee" not in json.dumps(theirs) and "Pear" not in json.dumps(theirs)
    newcomer = live(http, event, join(http, event["code"]))["update"]
    assert newcomer["mine"] == [] and newcomer["text"] == TEXT

    # an edit keeps it published; unpublishing hides it from phones again
    edited = organizer.call("PUT", f"/api/v1/events/{event['id']}/update", json={"text": "Edited.", "refs": []})
    assert edited.body["published"] and edited.body["published_at"] == reply.body["published_at"]
    assert live(http, event, ada)["update"]["text"] == "Edited."
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/update/unpublish").body["published"] is False
    assert live(http, event, ada)["update"] is None
    assert organizer.call("GET", f"/api/v1/events/{event['id']}/update").body["text"] == "Edited."


def test_bad_input_is_a_4xx_error_object(http, organizer, hetki):
    event, fruit, _ = setup_event(organizer)
    other = organizer.event("Other")
    foreign = organizer.poll(other["id"])
    path = f"/api/v1/events/{event['id']}/update"
    assert_error(organizer.call("GET", path), 404)
    assert organizer.call("GET", path).body["error"]["code"] == "update_not_found"
    assert_error(organizer.call("POST", f"{path}/publish"), 404)
    assert_error(organizer.call("DELETE", path), 404)
    for bad in (
        {},
        {"text": ""},
        {"text": 5},
        {"text": "x" * 5001},
        {"text": "ok", "refs": "poll"},
        {"text": "ok", "refs": [{"poll_id": "../x"}]},
        {"text": "ok", "refs": [{"poll_id": fruit["id"]}] * 21},
        {"text": "ok", "follow_up_survey_id": "a b"},
        {"text": "\ud800"},
    ):
        assert_error(organizer.call("PUT", path, json=bad), 422)
    for blank in ("   ", "\n\n"):
        reply = organizer.call("PUT", path, json={"text": blank})
        assert_error(reply, 422)
        assert reply.body["error"]["code"] == "invalid_update_text"
    reply = organizer.call("PUT", path, json={"text": "ok", "refs": [{"poll_id": foreign["id"]}]})
    assert_error(reply, 422)
    assert reply.body["error"]["code"] == "invalid_update_ref"
    assert_error(organizer.call("PUT", path, data="[]", headers={"Content-Type": "application/json"}), 422)
    assert hetki.store.updates.get(event["id"]) is None  # nothing bad was kept

    stranger = sign_in(http, hetki, "eve@example.org")  # another organizer: not their event
    assert_error(stranger.call("PUT", path, json={"text": "Mine now"}), 404)
    assert_error(http.request("GET", path), 401)


def test_erased_with_the_event_and_in_the_json_export(http, organizer, hetki, redis_client):
    event, fruit, _ = setup_event(organizer)
    path = f"/api/v1/events/{event['id']}/update"
    organizer.call("PUT", path, json={"text": TEXT, "refs": [{"poll_id": fruit["id"]}], "follow_up_survey_id": "s1"})
    organizer.call("POST", f"{path}/publish")

    export = organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json")
    assert export.status == 200
    update = export.body["update"]
    assert update["text"] == TEXT and update["published"] and update["refs"] == [{"poll_id": fruit["id"]}]
    assert update["follow_up_survey_id"] == "s1"

    assert redis_client.exists(Keys.update(event["id"]))
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    assert not redis_client.exists(Keys.update(event["id"]))
    assert_error(organizer.call("GET", path), 404)
    # a save racing the erasure does not bring the update (or the event) back
    assert hetki.store.updates.change(event["id"], lambda current: {"text": "late"}) is None
    assert not redis_client.exists(Keys.update(event["id"]))


def test_delete_and_export_without_update(organizer):
    event, _, _ = setup_event(organizer)
    path = f"/api/v1/events/{event['id']}/update"
    assert organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json").body["update"] is None
    organizer.call("PUT", path, json={"text": TEXT})
    assert organizer.call("DELETE", path).status == 204
    assert_error(organizer.call("GET", path), 404)
