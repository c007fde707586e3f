"""Erasure wins every race with a phone still connected (issue 15, item 14, the socket part): once
an event is erased, its phones' nickname, vote, question, upvote and sync are refused with an
error object, and none of them re-creates a key of the event, whether sent after the erasure or
while it runs."""

import threading
import time
import uuid

from tests.helpers.clients import Phone, PresenterScreen, join
from tests.helpers.leftovers import keys_mentioning
from tests.helpers.processes import wait_until


def leftovers(redis_client, *needles):
    """Keys that still name the event. Rate-limit counters carry the ids they count, but expire
    with their window: they must have a TTL, and are left out."""
    found = keys_mentioning(redis_client, *needles)
    counters = [key for key in found if key.startswith(b"hetki:limits")]
    assert all(redis_client.ttl(key) > 0 for key in counters), counters
    return [key for key in found if key not in counters]


def every_write(phone, poll_id, question_id, n):
    """One of each write a phone can send, as acks."""
    return [
        phone.call("nickname", {"nickname": f"Late {n}"}),
        phone.vote(poll_id, "o1" if n % 2 else "o2"),
        phone.call("question", {"text": f"After the end? {n}"}),
        phone.call("upvote", {"question_id": question_id}),
        phone.call("sync", {}),
    ]


def test_a_connected_phone_cannot_write_into_an_erased_event(live_server, live_organizer, redis_client):
    event = live_organizer.event()
    eid, code = event["id"], event["code"]
    poll = live_organizer.poll(eid)
    live_organizer.open(poll["id"])
    token = join(live_server.http(), code, "Early")
    phone = Phone(live_server.url, code, token).connect()
    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": eid}).connect()
    try:
        phone.wait_for("state")
        question_id = phone.call("question", {"text": "Before the end"})["question_id"]
        assert phone.vote(poll["id"], "o1")["ok"]

        assert live_organizer.call("DELETE", f"/api/v1/events/{eid}").status == 204
        phone.wait_for("event_deleted")
        acks = every_write(phone, poll["id"], question_id, 1)
        assert [ack["ok"] for ack in acks] == [False] * 5, acks
        assert {ack["error"]["code"] for ack in acks} <= {"event_not_found", "poll_not_found", "question_not_found"}
        assert acks[0]["error"]["code"] == "event_not_found"  # the nickname, today's leak

        vote = {"value": "o2", "client_vote_id": uuid.uuid4().hex}
        over_http = live_server.http().request(
            "POST", f"/api/v1/polls/{poll['id']}/votes", json=vote, headers={"X-Participant-Token": token}
        )
        assert over_http.status == 404 and over_http.body["error"]["code"] in ("poll_not_found", "event_not_found")
        # the organizer's screen of the erased event is let go too: it can write nothing either
        assert screen.wait_for("access_revoked")["code"] == "event_not_found"
        assert wait_until(lambda: not screen.connected(), timeout=2)
        assert leftovers(redis_client, eid, code, poll["id"], question_id) == []
    finally:
        phone.close()
        screen.close()


def test_erasure_wins_against_phones_writing_while_it_runs(live_server, live_organizer, redis_client):
    event = live_organizer.event()
    eid, code = event["id"], event["code"]
    poll = live_organizer.poll(eid)
    live_organizer.open(poll["id"])
    http = live_server.http()
    phones = [Phone(live_server.url, code, join(http, code)).connect() for _ in range(12)]
    question_id = phones[0].call("question", {"text": "Before the end"})["question_id"]
    erased = threading.Event()
    acks, errors = [], []

    def keep_writing(phone, n):
        try:
            until = None
            while until is None or time.monotonic() < until:  # and for a moment after the erasure
                acks.extend(every_write(phone, poll["id"], question_id, n))
                n += 100
                if erased.is_set() and until is None:
                    until = time.monotonic() + 0.5
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)

    writers = [threading.Thread(target=keep_writing, args=(p, i)) for i, p in enumerate(phones)]
    try:
        for writer in writers:
            writer.start()
        time.sleep(0.5)
        assert live_organizer.call("DELETE", f"/api/v1/events/{eid}").status == 204
        erased.set()
        for writer in writers:
            writer.join(30)
        assert not errors, errors
        assert not [ack for ack in acks if not ack["ok"] and ack["error"]["code"] == "internal"]
        refused = {ack["error"]["code"] for ack in acks if not ack["ok"]}
        assert "event_not_found" in refused  # writes did meet the erased event
        time.sleep(0.3)  # the broadcaster drains the questions' dirty set
        assert leftovers(redis_client, eid, code, poll["id"], question_id) == []
    finally:
        for phone in phones:
            phone.close()
