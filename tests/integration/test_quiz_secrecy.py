"""A quiz's right answer reaches phones only once the quiz is closed, on every path a phone hears:
the `poll` and `results` broadcasts, its `sync`, and the attendee's HTTP state. Nor does anything
that gives it away: a phone's own points on the question, or the leaderboard (its points move with
each right answer)."""

from tests.helpers.clients import Phone, join


def mentions(payload, name):
    """True when `name` is a key anywhere in the JSON-like payload."""
    if isinstance(payload, dict):
        return name in payload or any(mentions(value, name) for value in payload.values())
    if isinstance(payload, list):
        return any(mentions(value, name) for value in payload)
    return False


def test_phones_never_hear_the_right_answer_while_the_quiz_is_open(live_server, live_organizer):
    event = live_organizer.event()
    eid, http = event["id"], live_server.http()
    token = join(http, event["code"], "Ada")
    phone = Phone(live_server.url, event["code"], token).connect()
    other = Phone(live_server.url, event["code"], join(http, event["code"], "Bob")).connect()
    try:
        quiz = live_organizer.poll(eid, type="quiz", options=["Turku", "Helsinki"], correct=1, time_limit=60)
        pid = quiz["id"]
        live_organizer.open(pid)
        assert live_organizer.call("POST", f"/api/v1/polls/{pid}/reveal", json={"revealed": True}).status == 200
        phone.wait_for("poll", lambda m: m["poll"] and m["poll"]["revealed"] and m["results"] is not None)
        assert phone.vote(pid, "o1")["ok"] and other.vote(pid, "o2")["ok"]
        phone.wait_for("results", lambda m: m["total"] == 2)  # the revealed tally, broadcast to phones
        synced = phone.call("sync", {})["state"]
        over_http = http.request("GET", f"/api/v1/events/{eid}/live", headers={"X-Participant-Token": token})
        assert over_http.status == 200 and over_http.body["results"]["total"] == 2
        assert synced["results"]["total"] == 2

        heard = [payload for _, _, payload in phone.messages] + [synced, over_http.body]
        for secret in ("correct", "leaderboard", "points"):
            assert not any(mentions(payload, secret) for payload in heard), secret

        live_organizer.call("POST", f"/api/v1/polls/{pid}/close")
        closed = phone.wait_for("poll", lambda m: m["poll"]["state"] == "closed")
        assert closed["poll"]["settings"]["correct"] == "o2" and closed["results"]["correct"] == "o2"
        after = phone.call("sync", {})["state"]
        assert after["results"]["correct"] == "o2" and after["quiz"]["points"] == 0
        assert [row["nickname"] for row in after["results"]["leaderboard"]] == ["Bob", "Ada"]
    finally:
        phone.close()
        other.close()
