"""Moderation chosen for questions and for open answers separately; the older one `moderation`
choice still means both; the moderator console's "approve all" over the presenter socket."""

import pytest

from tests.helpers.clients import Phone, PresenterScreen, join


@pytest.fixture
def open_event(live_organizer):
    event = live_organizer.event("Split moderation")
    poll = live_organizer.poll(event["id"], type="open", question="Any feedback?", options=None)
    live_organizer.open(poll["id"])
    return event, poll


def settings(organizer, event, **changes):
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json=changes)
    assert reply.status == 200, reply.body
    return reply.body["settings"]


def ask_and_answer(live_server, event, poll, text):
    """One attendee's question and open answer; the question's id."""
    phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    try:
        phone.wait_for("state")
        qid = phone.call("question", {"text": f"{text}?", "name": None, "anonymous": True})["question_id"]
        assert phone.vote(poll["id"], text)["ok"]
    finally:
        phone.close()
    return qid


def states(live_server, organizer, event, qid, text):
    """(the question's state, the answer's state) as the organizer's presenter screen gets them."""
    questions = organizer.call("GET", f"/api/v1/events/{event['id']}/questions").body["questions"]
    screen = PresenterScreen(live_server.url, {"token": organizer.token, "event_id": event["id"]}).connect()
    try:
        items = screen.wait_for("state")["results"]["items"]
    finally:
        screen.close()
    question = next(q["state"] for q in questions if q["id"] == qid)
    answer = next(a["state"] for a in items if a["text"] == text)
    return question, answer


def test_questions_and_answers_are_moderated_each_by_its_own_choice(live_server, live_organizer, open_event):
    event, poll = open_event
    assert event["settings"]["moderate_questions"] is True and event["settings"]["moderate_answers"] is True

    chosen = settings(live_organizer, event, moderate_questions=True, moderate_answers=False)
    assert (chosen["moderate_questions"], chosen["moderate_answers"], chosen["moderation"]) == (True, False, True)
    qid = ask_and_answer(live_server, event, poll, "More coffee")
    assert states(live_server, live_organizer, event, qid, "More coffee") == ("pending", "approved")

    settings(live_organizer, event, moderate_questions=False, moderate_answers=True)
    qid = ask_and_answer(live_server, event, poll, "Longer breaks")
    assert states(live_server, live_organizer, event, qid, "Longer breaks") == ("approved", "pending")


def test_the_older_moderation_choice_still_means_both(live_server, live_organizer, open_event, redis_client):
    event, poll = open_event
    chosen = settings(live_organizer, event, moderation=False)
    assert (chosen["moderate_questions"], chosen["moderate_answers"], chosen["moderation"]) == (False, False, False)
    # given beside it, the finer choice wins
    chosen = settings(live_organizer, event, moderation=True, moderate_answers=False)
    assert (chosen["moderate_questions"], chosen["moderate_answers"]) == (True, False)

    # an event stored by the older version has only the one field
    key = f"hetki:{{{event['id']}}}:event"
    redis_client.hdel(key, "moderate_questions")
    redis_client.hset(key, "moderation", "0")
    detail = live_organizer.call("GET", f"/api/v1/events/{event['id']}").body
    assert (detail["settings"]["moderate_questions"], detail["settings"]["moderate_answers"]) == (False, False)
    qid = ask_and_answer(live_server, event, poll, "Old event")
    assert states(live_server, live_organizer, event, qid, "Old event") == ("approved", "approved")


def test_a_presenter_link_approves_everything_waiting_at_once(live_server, live_organizer, open_event):
    event, poll = open_event
    qids = [ask_and_answer(live_server, event, poll, f"Idea {n}") for n in range(3)]
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    screen = PresenterScreen(live_server.url, {"key": key}).connect()
    try:
        state = screen.wait_for("state")
        assert state["event"]["moderates"] == {"questions": True, "answers": True}
        assert screen.call("moderate", {"action": "approve_all", "poll_id": poll["id"]}) == {"ok": True}
        screen.wait_for("questions", lambda m: all(q["state"] == "approved" for q in m["questions"]))
        screen.wait_for("results", lambda m: [a["state"] for a in m.get("items", [])] == ["approved"] * 3)
        # the presenter link may change either choice, and must name one
        assert screen.call("settings", {"moderate_answers": False})["ok"]
        refused = screen.call("settings", {"title": "Hijacked"})
        assert refused["error"]["code"] == "validation_failed"
    finally:
        screen.close()
    questions = live_organizer.call("GET", f"/api/v1/events/{event['id']}/questions").body["questions"]
    assert sorted(q["id"] for q in questions if q["state"] == "approved") == sorted(qids)
    detail = live_organizer.call("GET", f"/api/v1/events/{event['id']}").body["settings"]
    assert (detail["moderate_questions"], detail["moderate_answers"]) == (True, False)


@pytest.mark.parametrize("changes", [{"moderate_answers": "maybe"}, {"moderate_questions": None}])
def test_a_bad_choice_is_a_clear_422(live_organizer, open_event, changes):
    event, _ = open_event
    reply = live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json=changes)
    assert reply.status == 422 and reply.body["error"]["code"] == "validation_failed", reply.body
    assert set(reply.body["error"]["fields"]) == set(changes)
