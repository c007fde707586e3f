"""Self-paced surveys (issue 18, item 1) over the API and real sockets: an organizer makes, opens and
closes a survey; phones answer its polls at their own pace through the live vote path until the
closing time (enforced to the second), resume where they left, and finish with a ticket; the funnel
counts where people stopped; the template speaks the event's language; erasure leaves no key."""

import time
import uuid

from server.domain import now_ms
from server.store import Keys
from tests.helpers.api import assert_error, sign_in
from tests.helpers.clients import Phone, join, vote_over_http

HOUR = 3_600_000


def make_survey(organizer, count=3):
    event = organizer.event("Summit")
    polls = [organizer.poll(event["id"], type="nps", question=f"Recommend us? {n}", options=None) for n in range(count)]
    reply = organizer.call(
        "POST",
        f"/api/v1/events/{event['id']}/surveys",
        json={"title": "After the day", "poll_ids": [p["id"] for p in polls]},
    )
    assert reply.status == 201, reply.body
    return event, polls, reply.body


def open_survey(organizer, survey, closes_at=None):
    reply = organizer.call(
        "POST", f"/api/v1/surveys/{survey['id']}/open", json={"closes_at": closes_at or now_ms() + HOUR}
    )
    assert reply.status == 200, reply.body
    return reply.body


def live(http, event, token):
    reply = http.request("GET", f"/api/v1/events/{event['id']}/live", headers={"X-Participant-Token": token})
    assert reply.status == 200, reply.body
    return reply.body


def step(http, event, survey, token, action, body=None):
    path = f"/api/v1/join/{event['code']}/surveys/{survey['id']}/{action}"
    return http.request("POST", path, json=body or {}, headers={"X-Participant-Token": token})


def vote(http, poll, token, value):
    path = f"/api/v1/polls/{poll['id']}/votes"
    body = {"value": value, "client_vote_id": uuid.uuid4().hex}
    return http.request("POST", path, json=body, headers={"X-Participant-Token": token})


def test_a_survey_is_answered_without_a_live_poll_and_finishes_once(http, organizer):
    event, polls, survey = make_survey(organizer)
    assert (
        survey["state"] == "draft" and survey["closes_at"] is None and survey["counts"] == {"started": 0, "finished": 0}
    )
    ada, bob = join(http, event["code"]), join(http, event["code"])
    assert live(http, event, ada)["survey"] is None
    assert vote(http, polls[0], ada, 9).status == 409  # a draft's polls take no answers

    opened = open_survey(organizer, survey)
    assert opened["state"] == "open" and opened["closes_at"] > now_ms()
    assert organizer.call("GET", f"/api/v1/polls/{polls[1]['id']}").body["state"] == "open"
    mine = live(http, event, ada)
    assert mine["poll"] is None  # answerable, yet not the event's live poll
    assert [p["id"] for p in mine["survey"]["polls"]] == [p["id"] for p in polls]
    assert mine["survey"]["answers"] == {} and mine["survey"]["progress"] is None

    vote_over_http(http, polls[1]["id"], ada, 10, "a1")
    assert step(http, event, survey, ada, "progress", {"position": 1}).status == 200
    first = step(http, event, survey, ada, "finish")
    assert first.status == 200 and first.body["ticket"] == 1, first.body
    assert step(http, event, survey, bob, "finish").body["ticket"] == 2
    again = step(http, event, survey, ada, "finish")
    assert again.body == first.body  # idempotent: the ticket is kept
    assert organizer.call("GET", f"/api/v1/surveys/{survey['id']}").body["counts"] == {"started": 2, "finished": 2}
    assert live(http, event, ada)["survey"]["answers"] == {polls[1]["id"]: 10}
    assert live(http, event, bob)["survey"]["answers"] == {}  # nobody else's answer

    closed = organizer.call("POST", f"/api/v1/surveys/{survey['id']}/close")
    assert closed.status == 200 and closed.body["state"] == "closed"
    assert_error(vote(http, polls[0], ada, 3), 409)
    assert step(http, event, survey, bob, "progress", {"position": 0}).body["error"]["code"] == "survey_closed"
    assert live(http, event, ada)["survey"] is None
    listed = organizer.call("GET", f"/api/v1/events/{event['id']}/surveys").body["surveys"]
    assert [s["id"] for s in listed] == [survey["id"]]


def test_closing_time_is_enforced_to_the_second_and_phones_hear_it(live_server, live_organizer):
    http = live_server.http()
    event, polls, survey = make_survey(live_organizer)
    token = join(http, event["code"])
    phone = Phone(live_server.url, event["code"], token).connect()
    try:
        assert phone.wait_for("state")["survey"] is None
        opened_at = now_ms()
        open_survey(live_organizer, survey, closes_at=opened_at + 1500)
        heard = phone.wait_for("survey", lambda p: p["survey"] is not None)["survey"]
        assert heard["id"] == survey["id"] and "answers" not in heard  # nobody's answers go to the room

        time.sleep(max(0, opened_at + 1000 - now_ms()) / 1000)
        assert phone.vote(polls[0]["id"], 7)["ok"]
        time.sleep(max(0, opened_at + 1600 - now_ms()) / 1000)
        late = phone.vote(polls[1]["id"], 7)
        assert late["ok"] is False and late["error"]["code"] == "time_up", late
        assert_error(vote(http, polls[2], token, 7), 409)
        assert live_organizer.call("GET", f"/api/v1/polls/{polls[0]['id']}").body["state"] == "closed"

        # the broadcaster closes it on its own within 2 s and every phone hears that
        assert phone.wait_for("survey", lambda p: p["survey"] is None, timeout=2.0) is not None
        state = live_organizer.call("GET", f"/api/v1/surveys/{survey['id']}").body
        assert state["state"] == "closed"
        assert live_organizer.call("GET", f"/api/v1/polls/{polls[0]['id']}").body["state"] == "closed"
    finally:
        phone.close()


def test_a_phone_resumes_with_its_answers_and_position(live_server, live_organizer):
    http = live_server.http()
    event, polls, survey = make_survey(live_organizer, count=4)
    open_survey(live_organizer, survey)
    token = join(http, event["code"])
    phone = Phone(live_server.url, event["code"], token).connect()
    try:
        phone.wait_for("state")
        assert phone.vote(polls[0]["id"], 8)["ok"]
        assert phone.call("survey_progress", {"survey_id": survey["id"], "position": 1}) == {"ok": True}
        assert phone.vote(polls[1]["id"], 3)["ok"]
        assert phone.call("survey_progress", {"survey_id": survey["id"], "position": 2}) == {"ok": True}
    finally:
        phone.close()
    again = Phone(live_server.url, event["code"], token).connect()
    try:
        resumed = again.wait_for("state")["survey"]
        assert resumed["answers"] == {polls[0]["id"]: 8, polls[1]["id"]: 3}
        assert resumed["progress"]["position"] == 2 and resumed["progress"]["finished_at"] is None
        assert 0 < resumed["remaining_ms"] <= HOUR
        done = again.call("survey_finish", {"survey_id": survey["id"]})
        assert done["ok"] and done["ticket"] == 1 and done["finished_at"]
        assert again.call("sync", {})["state"]["survey"]["progress"]["ticket"] == 1
    finally:
        again.close()


def test_the_funnel_is_exact_for_three_phones(http, organizer, hetki):
    event, polls, survey = make_survey(organizer, count=4)
    open_survey(organizer, survey)
    finisher, early, late = (join(http, event["code"]) for _ in range(3))
    for position in range(4):
        vote_over_http(http, polls[position]["id"], finisher, 9, f"f{position}")
        assert step(http, event, survey, finisher, "progress", {"position": position}).status == 200
    assert step(http, event, survey, finisher, "finish").status == 200
    for token, last in ((early, 1), (late, 3)):
        for position in range(last + 1):
            assert step(http, event, survey, token, "progress", {"position": position}).status == 200
            if position < last:  # they leave on `last` without answering it
                vote_over_http(http, polls[position]["id"], token, 5, f"{token[-6:]}{position}")
    assert step(http, event, survey, late, "progress", {"position": 0}).status == 200  # back to the start

    funnel = organizer.call("GET", f"/api/v1/surveys/{survey['id']}/funnel").body
    assert funnel["started"] == 3 and funnel["finished"] == 1
    assert funnel["median_seconds_to_finish"] is not None and funnel["median_seconds_to_finish"] >= 0
    assert funnel["stopped_at"] == [
        {"poll_id": polls[0]["id"], "position": 0, "count": 0},
        {"poll_id": polls[1]["id"], "position": 1, "count": 1},
        {"poll_id": polls[2]["id"], "position": 2, "count": 0},
        {"poll_id": polls[3]["id"], "position": 3, "count": 1},  # by the furthest question reached
    ]
    assert [a["count"] for a in funnel["answered"]] == [3, 2, 2, 1]
    assert hetki.surveys.finishers(event["id"], survey["id"]) == [hetki.participants.verify(finisher, event["id"])]


def test_quiz_is_refused_and_a_live_poll_cannot_be_opened_in_a_survey(http, organizer):
    event = organizer.event()
    quiz = organizer.poll(event["id"], type="quiz", question="2+2?", options=("3", "4"), correct=1)
    reply = organizer.call(
        "POST", f"/api/v1/events/{event['id']}/surveys", json={"title": "T", "poll_ids": [quiz["id"]]}
    )
    assert_error(reply, 422)
    assert reply.body["error"]["code"] == "quiz_not_in_survey"

    _, polls, survey = make_survey(organizer)
    organizer.open(polls[0]["id"])
    reply = organizer.call("POST", f"/api/v1/surveys/{survey['id']}/open", json={"closes_at": now_ms() + HOUR})
    assert_error(reply, 409)
    assert reply.body["error"]["code"] == "poll_live"


def test_the_feedback_template_speaks_the_events_language(http, organizer):
    event = organizer.event("Kesäpäivät")
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"}).status == 200
    reply = organizer.call(
        "POST", f"/api/v1/events/{event['id']}/surveys/from-template", json={"template": "post_event_feedback"}
    )
    assert reply.status == 201, reply.body
    survey = reply.body
    assert survey["title"] == "Palautetta tapahtumasta" and survey["invite_reactions"] and survey["state"] == "draft"
    polls = {p["id"]: p for p in organizer.call("GET", f"/api/v1/events/{event['id']}/polls").body["polls"]}
    made = [polls[pid] for pid in survey["poll_ids"]]
    assert [(p["type"], p["question"]) for p in made] == [
        ("nps", "Kuinka todennäköisesti suosittelisit tätä tapahtumaa ystävälle tai kollegalle?"),
        ("csat", "Kuinka tyytyväinen olit tapahtumaan?"),
        ("open", "Mitä meidän pitäisi parantaa?"),
    ]
    english = organizer.event("Summit")
    reply = organizer.call(
        "POST",
        f"/api/v1/events/{english['id']}/surveys/from-template",
        json={"template": "post_event_feedback", "title": "Thanks!"},
    )
    assert reply.body["title"] == "Thanks!"
    first = organizer.call("GET", f"/api/v1/polls/{reply.body['poll_ids'][0]}").body
    assert first["question"] == "How likely are you to recommend this event to a friend or colleague?"

    open_survey(organizer, survey)  # inviting reactions opens them
    assert organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["open"] is True


def test_erasure_leaves_no_key_of_the_survey(http, organizer, redis_client):
    event, polls, survey = make_survey(organizer)
    open_survey(organizer, survey)
    token = join(http, event["code"])
    vote_over_http(http, polls[0]["id"], token, 6, "v1")
    assert step(http, event, survey, token, "progress", {"position": 1}).status == 200
    assert step(http, event, survey, token, "finish").status == 200
    assert redis_client.zcard(Keys.open_surveys) == 1

    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    left = [
        k.decode()
        for k in redis_client.scan_iter(count=1000)
        if survey["id"].encode() in k or event["id"].encode() in k
    ]
    assert left == []
    assert redis_client.zcard(Keys.open_surveys) == 0
    assert organizer.call("GET", f"/api/v1/surveys/{survey['id']}").status == 404


def test_deleting_a_survey_closes_its_polls_and_removes_its_keys(http, organizer, redis_client):
    event, polls, survey = make_survey(organizer)
    open_survey(organizer, survey)
    token = join(http, event["code"])
    assert step(http, event, survey, token, "finish").status == 200
    assert organizer.call("POST", f"/api/v1/surveys/{survey['id']}/draw", json={}).status == 201  # kept draws go too
    assert organizer.call("DELETE", f"/api/v1/surveys/{survey['id']}").status == 204
    assert organizer.call("GET", f"/api/v1/polls/{polls[0]['id']}").body["state"] == "closed"
    assert [k for k in redis_client.scan_iter(count=1000) if survey["id"].encode() in k] == []
    assert redis_client.zcard(Keys.open_surveys) == 0 and live(http, event, token)["survey"] is None


def test_hostile_inputs_get_4xx_error_objects(http, organizer, hetki):
    event, polls, survey = make_survey(organizer)
    other = organizer.event("Other")
    foreign = organizer.poll(other["id"])
    base = f"/api/v1/events/{event['id']}/surveys"
    ids = [p["id"] for p in polls]
    for body in (
        {"title": "", "poll_ids": ids},
        {"title": "x" * 121, "poll_ids": ids},
        {"title": "T", "poll_ids": []},
        {"title": "T", "poll_ids": ids * 17 + ids[:1]},
        {"title": "T", "poll_ids": "abc"},
        {"title": "T", "poll_ids": [foreign["id"]]},
        {"title": "T", "poll_ids": [ids[0], ids[0]]},
        {"title": "T", "poll_ids": ["../x"]},
        {"title": 5, "poll_ids": ids},
        {"poll_ids": ids},
        [],
    ):
        assert_error(organizer.call("POST", base, json=body), 422)
    assert_error(organizer.call("POST", f"{base}/from-template", json={"template": "nope"}), 422)

    path = f"/api/v1/surveys/{survey['id']}"
    for closes_at in (now_ms() - 1000, now_ms() + 31 * 24 * HOUR, "soon", 1.5, None, 2**60):
        assert_error(organizer.call("POST", f"{path}/open", json={"closes_at": closes_at}), 422)
    assert_error(organizer.call("PATCH", path, json={"title": ""}), 422)

    token = join(http, event["code"])
    assert step(http, event, survey, token, "progress", {"position": 0}).body["error"]["code"] == "survey_closed"
    open_survey(organizer, survey)
    assert_error(organizer.call("PATCH", path, json={"poll_ids": ids[:1]}), 409)
    for position in (-1, 3, 50, "1", 1.5, None, True):
        assert_error(step(http, event, survey, token, "progress", {"position": position}), 422)
    assert_error(step(http, event, survey, "forged", "finish"), 401)
    assert_error(step(http, event, {"id": "nope"}, token, "finish"), 404)
    assert_error(step(http, other, survey, join(http, other["code"]), "finish"), 404)  # not that event's
    assert_error(step(http, event, {"id": "a%2Fb"}, token, "finish"), 404)

    mallory = sign_in(http, hetki, "mallory@example.org")
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/close"), ("GET", "/funnel")):
        assert_error(mallory.call(method, f"{path}{suffix}", json={}), 404)
    assert_error(
        mallory.call("POST", f"/api/v1/events/{event['id']}/surveys", json={"title": "T", "poll_ids": ids}), 404
    )
    assert organizer.call("GET", path).body["counts"] == {"started": 0, "finished": 0}
