"""Q&A and quiz mode over real sockets, with 500 simultaneous upvotes and 500 simultaneous answers."""

import asyncio
import time
import uuid

import pytest

from tests.helpers.clients import Phone, PresenterScreen, connect_phones, disconnect, join
from tests.helpers.processes import raise_open_files


@pytest.fixture
def event(live_organizer):
    return live_organizer.event()


@pytest.fixture
def screen(live_server, live_organizer, event):
    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": event["id"]}).connect()
    screen.wait_for("state")
    yield screen
    screen.close()


def phone_for(live_server, event, nickname=None):
    phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"], nickname)).connect()
    phone.wait_for("state")
    return phone


def test_questions_flow_from_phone_to_presenter_to_other_phones(live_server, live_organizer, event, screen):
    asker, reader = phone_for(live_server, event), phone_for(live_server, event)
    try:
        ack = asker.call("question", {"text": "  Will the <slides> be shared?  ", "name": "Ada"})
        assert ack["ok"] and ack["question_id"]
        qid = ack["question_id"]
        pending = screen.wait_for("questions", lambda m: m["questions"])["questions"][0]
        assert pending == {
            "id": qid,
            "text": "Will the <slides> be shared?",
            "name": "Ada",
            "upvotes": 0,
            "state": "pending",
            "highlighted": False,
            "created_at": pending["created_at"],
        }
        anonymous = asker.call("question", {"text": "Anonymous one", "name": "Bob", "anonymous": True})
        assert screen.wait_for("questions", lambda m: len(m["questions"]) == 2)["questions"][1]["name"] is None
        assert reader.of("questions") == [] or all(not m["questions"] for m in reader.of("questions"))

        assert screen.call("moderate", {"question_id": qid, "action": "approve"})["ok"]
        seen = reader.wait_for("questions", lambda m: m["questions"])["questions"]
        assert [q["id"] for q in seen] == [qid]  # the pending anonymous one stays hidden from phones

        assert reader.call("upvote", {"question_id": qid}) == {"ok": True, "upvotes": 1}
        assert reader.call("upvote", {"question_id": qid}) == {"ok": True, "upvotes": 1}  # once per participant
        assert screen.call("moderate", {"question_id": anonymous["question_id"], "action": "approve"})["ok"]
        assert screen.call("moderate", {"question_id": anonymous["question_id"], "action": "highlight"})["ok"]
        listed = live_organizer.call("GET", f"/api/v1/events/{event['id']}/questions").body["questions"]
        assert [(q["id"], q["upvotes"], q["highlighted"]) for q in listed] == [
            (qid, 1, False),
            (anonymous["question_id"], 0, True),
        ]
        assert screen.call("moderate", {"question_id": qid, "action": "answer"})["ok"]
        assert screen.call("moderate", {"question_id": anonymous["question_id"], "action": "hide"})["ok"]
        final = reader.wait_for(
            "questions", lambda m: len(m["questions"]) == 1 and m["questions"][0]["state"] == "answered"
        )
        assert final["questions"][0]["id"] == qid

        assert asker.call("question", {"text": ""})["error"]["code"] == "validation_failed"
        assert asker.call("question", {"text": "x" * 281})["error"]["code"] == "invalid_question"
        assert asker.call("question", {"text": "\u200b\u200b"})["error"]["code"] == "invalid_question"
        assert asker.call("upvote", {"question_id": "nope"})["error"]["code"] == "question_not_found"
        assert (
            screen.call("moderate", {"question_id": qid, "action": "explode"})["error"]["code"] == "validation_failed"
        )
        state = asker.call("sync", {})["state"]
        assert state["mine"]["asked"] and qid in state["mine"]["asked"]
    finally:
        asker.close()
        reader.close()


def test_five_hundred_simultaneous_upvotes_end_exact(live_server, live_organizer, event, screen):
    raise_open_files()
    asker = phone_for(live_server, event)
    qid = asker.call("question", {"text": "Popular?"})["question_id"]
    asker.close()

    async def scenario():
        phones = await connect_phones(live_server.url, event["code"], 500)
        try:

            async def upvote(phone, times):
                return [
                    await phone.call("upvote", {"question_id": qid}, namespace="/audience", timeout=60)
                    for _ in range(times)
                ]

            # every phone upvotes at once, and every fifth one retries (as a phone that lost its ack)
            return await asyncio.gather(*(upvote(p, 2 if i % 5 == 0 else 1) for i, p in enumerate(phones)))
        finally:
            await disconnect(phones)

    acks = [ack for acks in asyncio.run(scenario()) for ack in acks]
    assert len(acks) == 600 and all(ack["ok"] for ack in acks)
    listed = live_organizer.call("GET", f"/api/v1/events/{event['id']}/questions").body["questions"]
    assert listed[0]["upvotes"] == 500


def open_quiz(organizer, event, time_limit=20, correct=1):
    poll = organizer.poll(
        event["id"],
        type="quiz",
        question="Capital of Finland?",
        options=["Turku", "Helsinki", "Tampere"],
        correct=correct,
        time_limit=time_limit,
    )
    organizer.open(poll["id"])
    return poll


def test_quiz_round(live_server, live_organizer, event, screen):
    fast, slow, wrong = (phone_for(live_server, event, name) for name in ("Ada", "Bob", "Cy"))
    try:
        poll = open_quiz(live_organizer, event, time_limit=5)
        live = fast.wait_for("poll", lambda m: m["poll"] and m["poll"]["id"] == poll["id"])["poll"]
        assert "correct" not in live["settings"] and 4000 < live["remaining_ms"] <= 5000
        assert fast.vote(poll["id"], "o2")["ok"]
        assert wrong.vote(poll["id"], "o1")["ok"]
        assert wrong.vote(poll["id"], "o2")["error"]["code"] == "already_voted"  # a quiz answer is final
        time.sleep(2.5)
        assert slow.vote(poll["id"], "o2")["ok"]
        closed = fast.wait_for("poll", lambda m: m["poll"]["state"] == "closed", timeout=6)["poll"]
        assert closed["settings"]["correct"] == "o2"
        assert slow.vote(poll["id"], "o3")["error"]["code"] in ("poll_closed", "time_up")

        results = live_organizer.results(poll["id"])
        board = results["leaderboard"]
        assert results["correct"] == "o2" and results["counts"] == {"o1": 1, "o2": 2, "o3": 0}
        assert [row["nickname"] for row in board] == ["Ada", "Bob", "Cy"]
        assert 950 <= board[0]["points"] <= 1000  # answered within a fraction of a second
        assert 650 <= board[1]["points"] <= 780  # about half the time gone: ~750
        assert board[2]["points"] == 0
        standing = fast.call("sync", {})["state"]["quiz"]
        assert standing["rank"] == 1 and standing["points"] == board[0]["points"] == standing["total"]
        assert wrong.call("sync", {})["state"]["quiz"] == {"points": 0, "total": 0, "rank": 3}
    finally:
        for phone in (fast, slow, wrong):
            phone.close()


def test_nicknames_unique_clean_and_kept(live_server, event):
    first = phone_for(live_server, event)
    second = phone_for(live_server, event)
    try:
        assert first.call("nickname", {"nickname": "  Ada  "}) == {"ok": True, "nickname": "Ada"}
        assert second.call("nickname", {"nickname": "ADA"})["error"]["code"] == "nickname_taken"
        assert second.call("nickname", {"nickname": "Perkeleen Paavo"})["error"]["code"] == "nickname_refused"
        assert second.call("nickname", {"nickname": "x" * 31})["error"]["code"] == "invalid_nickname"
        assert second.call("nickname", {"nickname": "Bea"})["ok"]
        assert first.call("nickname", {"nickname": "Ada"})["ok"]  # one's own name again is fine
        reply = live_server.http().request("POST", f"/api/v1/join/{event['code']}", json={"nickname": "bea"})
        assert reply.status == 409 and reply.body["error"]["code"] == "nickname_taken"
        first.close()
        first.connect()
        assert first.wait_for("state", lambda s: True) and first.of("state")[-1]["nickname"] == "Ada"
    finally:
        first.close()
        second.close()


def test_five_hundred_simultaneous_quiz_answers_end_exact(live_server, live_organizer, event):
    raise_open_files()
    poll = open_quiz(live_organizer, event, time_limit=120)

    async def scenario():
        phones = await connect_phones(live_server.url, event["code"], 500)
        try:

            async def answer(i, phone):
                value = "o2" if i % 4 else "o3"
                vote = {"poll_id": poll["id"], "value": value, "client_vote_id": uuid.uuid4().hex}
                first = await phone.call("vote", vote, namespace="/audience", timeout=60)
                again = await phone.call("vote", vote, namespace="/audience", timeout=60)  # a retry
                return first, again

            return await asyncio.gather(*(answer(i, p) for i, p in enumerate(phones)))
        finally:
            await disconnect(phones)

    acks = asyncio.run(scenario())
    assert all(first["ok"] and again == {"ok": True, "outcome": "duplicate"} for first, again in acks)
    results = live_organizer.results(poll["id"])
    assert results["total"] == 500 and results["counts"] == {"o1": 0, "o2": 375, "o3": 125}
    board = results["leaderboard"]
    assert len(board) == 10 and all(500 <= row["points"] <= 1000 for row in board)
