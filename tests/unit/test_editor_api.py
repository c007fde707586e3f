"""Preparing an event: edit, delete, copy and order polls; copy and import events; the summary."""

from tests.helpers.api import assert_error, sign_in


def vote(http, event, poll, value, voter="p"):
    joined = http.request("POST", f"/api/v1/join/{event['code']}")
    token = joined.body["participant_token"]
    reply = http.request(
        "POST",
        f"/api/v1/polls/{poll['id']}/votes",
        json={"value": value, "client_vote_id": f"{voter}-1"},
        headers={"X-Participant-Token": token},
    )
    assert reply.status == 200, reply.body


def test_edit_a_draft_poll(organizer):
    event = organizer.event()
    poll = organizer.poll(event["id"], type="multiple", max_choices=2)
    reply = organizer.call(
        "PATCH",
        f"/api/v1/polls/{poll['id']}",
        json={"question": "Which fruits?", "options": ["Kiwi", "Fig", "Lime", "Date"], "settings": {"max_choices": 3}},
    )
    assert reply.status == 200, reply.body
    assert reply.body["question"] == "Which fruits?"
    assert [o["text"] for o in reply.body["options"]] == ["Kiwi", "Fig", "Lime", "Date"]
    assert reply.body["settings"]["max_choices"] == 3
    assert organizer.results(poll["id"])["counts"] == {"o1": 0, "o2": 0, "o3": 0, "o4": 0}
    assert (
        organizer.call("PATCH", f"/api/v1/polls/{poll['id']}", json={"question": "Fruits?"}).body["options"][3]["text"]
        == "Date"
    )


def test_a_poll_with_votes_keeps_its_options_but_its_question_can_be_fixed(organizer, http):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    vote(http, event, poll, "o1")
    live = organizer.call("PATCH", f"/api/v1/polls/{poll['id']}", json={"question": "Typo fixed?"})
    assert_error(live, 409)
    assert live.body["error"]["code"] == "poll_live"
    organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    refused = organizer.call("PATCH", f"/api/v1/polls/{poll['id']}", json={"options": ["A", "B"]})
    assert_error(refused, 409)
    assert refused.body["error"]["code"] == "poll_has_votes" and "answered" in refused.body["error"]["message"]
    assert organizer.results(poll["id"])["counts"] == {"o1": 1, "o2": 0, "o3": 0}  # nothing lost
    fixed = organizer.call("PATCH", f"/api/v1/polls/{poll['id']}", json={"question": "Typo fixed?"})
    assert fixed.status == 200 and fixed.body["question"] == "Typo fixed?"


def test_bad_edits_are_refused(organizer, http, hetki):
    event = organizer.event()
    poll = organizer.poll(event["id"], type="rating", options=None)
    for bad in ({"question": ""}, {"settings": {"scale": 99}}, {"options": ["x", "y"]}, {"question": 5}):
        assert_error(organizer.call("PATCH", f"/api/v1/polls/{poll['id']}", json=bad), 422)
    assert_error(organizer.call("PATCH", "/api/v1/polls/nope", json={"question": "x"}), 404)
    other = sign_in(http, hetki, "bob@example.org")
    assert_error(other.call("PATCH", f"/api/v1/polls/{poll['id']}", json={"question": "Mine now"}), 404)
    assert_error(other.call("DELETE", f"/api/v1/polls/{poll['id']}"), 404)
    assert organizer.call("GET", f"/api/v1/polls/{poll['id']}").body["question"] == poll["question"]


def test_delete_duplicate_and_order(organizer, http, redis_client):
    event = organizer.event()
    first, second, third = (organizer.poll(event["id"], question=q) for q in ("One?", "Two?", "Three?"))
    copy = organizer.call("POST", f"/api/v1/polls/{first['id']}/duplicate")
    assert copy.status == 201 and copy.body["question"] == "One? (copy)" and copy.body["id"] != first["id"]
    listed = [p["question"] for p in organizer.call("GET", f"/api/v1/events/{event['id']}/polls").body["polls"]]
    assert listed == ["One?", "One? (copy)", "Two?", "Three?"]  # the copy comes right after its original

    organizer.open(second["id"])
    vote(http, event, second, "o2")
    assert_error(organizer.call("DELETE", f"/api/v1/polls/{second['id']}"), 409)
    organizer.call("POST", f"/api/v1/polls/{second['id']}/close")
    assert organizer.call("DELETE", f"/api/v1/polls/{second['id']}").status == 204
    assert_error(organizer.call("GET", f"/api/v1/polls/{second['id']}"), 404)
    assert not [k for k in redis_client.keys("*") if second["id"].encode() in k]

    order = [third["id"], copy.body["id"], first["id"]]
    reply = organizer.call("PUT", f"/api/v1/events/{event['id']}/poll-order", json={"poll_ids": order})
    assert reply.status == 200 and [p["id"] for p in reply.body["polls"]] == order
    for bad in ([third["id"], first["id"]], [*order, first["id"]], [third["id"], third["id"], first["id"]]):
        assert_error(organizer.call("PUT", f"/api/v1/events/{event['id']}/poll-order", json={"poll_ids": bad}), 422)
    assert_error(organizer.call("PUT", f"/api/v1/events/{event['id']}/poll-order", json={"poll_ids": "x"}), 422)
    polls = organizer.call("GET", f"/api/v1/events/{event['id']}/polls").body["polls"]
    assert [p["id"] for p in polls] == order


def test_duplicate_event_copies_polls_and_settings_not_responses(organizer, http):
    event = organizer.event("Spring summit")
    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False, "language": "fi"})
    poll = organizer.poll(event["id"], type="quiz", options=("3", "4"), correct=1, time_limit=30)
    organizer.poll(event["id"], type="nps", options=None)
    organizer.open(poll["id"])
    vote(http, event, poll, "o2")
    reply = organizer.call("POST", f"/api/v1/events/{event['id']}/duplicate")
    assert reply.status == 201, reply.body
    copy = reply.body
    assert copy["id"] != event["id"] and copy["code"] != event["code"] and copy["title"] == "Spring summit (copy)"
    assert copy["settings"]["moderation"] is False and copy["settings"]["language"] == "fi"
    polls = organizer.call("GET", f"/api/v1/events/{copy['id']}/polls").body["polls"]
    assert [(p["type"], p["state"]) for p in polls] == [("quiz", "draft"), ("nps", "draft")]
    assert polls[0]["settings"] == {"correct": "o2", "time_limit": 30}
    assert organizer.results(polls[0]["id"])["total"] == 0
    listed = {e["id"]: e for e in organizer.call("GET", "/api/v1/events").body["events"]}
    assert listed[copy["id"]]["state"] == "draft" and listed[event["id"]]["state"] == "live"
    assert listed[event["id"]]["participants"] == 1 and listed[copy["id"]]["participants"] == 0


def test_export_then_import_gives_the_same_polls(organizer, http):
    event = organizer.event("Round trip")
    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"reaction_limit": 45, "show_results": True})
    organizer.poll(event["id"], type="multiple", options=("A", "B", "C"), max_choices=2)
    organizer.poll(event["id"], type="wordcloud", options=None, max_entries=2)
    organizer.poll(event["id"], type="ranking", options=("X", "Y"))
    opened = organizer.poll(event["id"], type="rating", options=None, scale=7)
    organizer.open(opened["id"])
    vote(http, event, opened, 6)
    exported = organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json").body
    reply = organizer.call("POST", "/api/v1/events/import", json=exported)
    assert reply.status == 201, reply.body
    assert reply.body["title"] == "Round trip (copy)" and reply.body["settings"]["reaction_limit"] == 45
    assert reply.body["settings"]["show_results"] is True

    def shape(eid):
        polls = organizer.call("GET", f"/api/v1/events/{eid}/polls").body["polls"]
        return [(p["type"], p["question"], p["options"], p["settings"]) for p in polls]

    assert shape(reply.body["id"]) == shape(event["id"])
    imported_polls = organizer.call("GET", f"/api/v1/events/{reply.body['id']}/polls").body["polls"]
    assert all(organizer.results(p["id"])["total"] == 0 for p in imported_polls)


def test_malformed_imports_create_nothing(organizer):
    before = len(organizer.call("GET", "/api/v1/events").body["events"])
    good_poll = {"type": "single", "question": "Q?", "options": ["a", "b"]}
    for bad in (
        {},
        {"event": {"title": "x"}},
        {"event": {"title": ""}, "polls": []},
        {"event": {"title": "x"}, "polls": [{"type": "nope", "question": "Q"}]},
        {"event": {"title": "x"}, "polls": [good_poll, {"type": "single", "question": "Q", "options": ["only"]}]},
        {"event": {"title": "x", "settings": {"reaction_limit": 5}}, "polls": [good_poll]},
        {"event": {"title": "x"}, "polls": "many"},
    ):
        reply = organizer.call("POST", "/api/v1/events/import", json=bad)
        assert_error(reply, 422)
    assert len(organizer.call("GET", "/api/v1/events").body["events"]) == before


def test_summary_counts_participation(organizer, http):
    event = organizer.event()
    first = organizer.poll(event["id"], question="First?")
    second = organizer.poll(event["id"], type="nps", question="Recommend?", options=None)
    organizer.open(first["id"])
    tokens = [http.request("POST", f"/api/v1/join/{event['code']}").body["participant_token"] for _ in range(4)]
    for n, token in enumerate(tokens):
        http.request(
            "POST",
            f"/api/v1/polls/{first['id']}/votes",
            json={"value": "o1", "client_vote_id": f"a{n}"},
            headers={"X-Participant-Token": token},
        )
    organizer.open(second["id"])
    for n, token in enumerate(tokens[:2]):
        http.request(
            "POST",
            f"/api/v1/polls/{second['id']}/votes",
            json={"value": [10, 3][n], "client_vote_id": f"b{n}"},
            headers={"X-Participant-Token": token},
        )
    summary = organizer.call("GET", f"/api/v1/events/{event['id']}/summary").body
    assert summary["participants"] == 4
    one, two = summary["polls"]
    assert (one["poll_id"], one["answered"], one["answered_share"]) == (first["id"], 4, 100)
    assert (two["answered"], two["answered_share"], two["kept_share"]) == (2, 50, 50)
    assert one["headline"] == {"metric": "top_option", "value": "Apple", "share": 100}
    assert two["headline"] == {"metric": "nps", "value": 0}
    assert isinstance(one["median_answer_ms"], int) and one["median_answer_ms"] >= 0
    assert summary["questions"]["count"] == 0 and summary["reactions"]["count"] == 0
