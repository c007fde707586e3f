"""The vote path end to end over real sockets: phones vote, the presenter hears results."""

from tests.helpers.clients import Phone, PresenterScreen, join


def test_phone_gets_state_votes_and_presenter_hears_results(live_server, live_organizer):
    event = live_organizer.event()
    poll = live_organizer.poll(event["id"])
    live_organizer.open(poll["id"])
    http = live_server.http()
    phone = Phone(live_server.url, event["code"], join(http, event["code"])).connect()
    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": event["id"]}).connect()
    try:
        state = phone.wait_for("state")
        assert state["event"]["code"] == event["code"]
        assert state["poll"]["id"] == poll["id"] and state["vote"] is None
        apple, pear = poll["options"][0]["id"], poll["options"][1]["id"]

        assert phone.vote(poll["id"], apple) == {"ok": True, "outcome": "new"}
        results = screen.wait_for("results", lambda r: r["total"] == 1)
        assert results["counts"] == {apple: 1, pear: 0, poll["options"][2]["id"]: 0}

        assert phone.vote(poll["id"], pear)["ok"]
        results = screen.wait_for("results", lambda r: r["counts"][pear] == 1)
        assert results["counts"][apple] == 0 and results["total"] == 1
        assert live_organizer.results(poll["id"])["counts"][pear] == 1
    finally:
        phone.close()
        screen.close()
