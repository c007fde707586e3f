"""The presenter socket's `lobby`: only a quiz question not already open has one, and a lobby takes
no answers; every refusal is a 4xx error in the ack."""

import uuid

from tests.helpers.clients import PresenterScreen, join


def test_the_lobby_refuses_what_it_cannot_do(live_server, live_organizer):
    event = live_organizer.event("Quiz night")
    choice = live_organizer.poll(event["id"])
    quiz = live_organizer.poll(event["id"], type="quiz", question="2 + 2?", options=["3", "4"], correct=1)
    screen = PresenterScreen(live_server.url, {"key": event["presenter_url"].rsplit("/p/", 1)[1]}).connect()
    try:
        for payload, code in (
            ({}, "validation_failed"),
            ({"poll_id": choice["id"]}, "not_a_quiz"),
            ("x", "validation_failed"),
        ):
            ack = screen.call("lobby", payload)
            assert not ack["ok"] and ack["error"]["code"] == code, (payload, ack)
        ack = screen.call("lobby", {"poll_id": quiz["id"]})
        assert ack["ok"] and ack["poll"]["state"] == "lobby" and ack["poll"]["remaining_ms"] is None, ack
        token = join(live_server.http(), event["code"], nickname="Ada")
        reply = live_server.http().request(
            "POST",
            f"/api/v1/polls/{quiz['id']}/votes",
            json={"value": "o2", "client_vote_id": uuid.uuid4().hex},
            headers={"X-Participant-Token": token},
        )
        assert reply.status == 409 and reply.body["error"]["code"] == "poll_closed", reply.body
        state = (
            live_server.http()
            .request("GET", f"/api/v1/events/{event['id']}/live", headers={"X-Participant-Token": token})
            .body
        )
        assert state["poll"]["question"] == "" and state["poll"]["options"] == []  # not before it starts
        assert screen.call("open", {"poll_id": quiz["id"]})["poll"]["state"] == "open"
        ack = screen.call("lobby", {"poll_id": quiz["id"]})
        assert not ack["ok"] and ack["error"]["code"] == "poll_live", ack
    finally:
        screen.close()
