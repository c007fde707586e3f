"""Every poll type over real sockets: valid and invalid values, metrics checked against hand-computed figures."""

import pytest

from tests.helpers.clients import Phone, join


@pytest.fixture
def crowd(live_server, live_organizer):
    """An event and five connected phones."""
    event = live_organizer.event()
    http = live_server.http()
    phones = [Phone(live_server.url, event["code"], join(http, event["code"])).connect() for _ in range(5)]
    yield event, phones
    for phone in phones:
        phone.close()


def run_poll(organizer, event, phones, type, values, options=None, **settings):
    """Opens a poll, has phone i vote values[i], returns (poll, results)."""
    poll = organizer.poll(event["id"], type=type, options=options, **settings)
    organizer.open(poll["id"])
    for phone, value in zip(phones, values, strict=False):
        ack = phone.vote(poll["id"], value)
        assert ack["ok"], ack
    return poll, organizer.results(poll["id"])


def refused(phone, poll_id, value):
    ack = phone.vote(poll_id, value)
    assert ack["ok"] is False and ack["error"]["code"] in ("invalid_value", "validation_failed"), ack
    return ack


def test_rating(live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(live_organizer, event, phones, "rating", [5, 4, 4, 2, 1], scale=5)
    assert results["counts"] == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1}
    assert results["total"] == 5 and results["mean"] == 3.2  # 16 / 5
    for bad in (0, 6, 3.5, "4", True, [4], None):
        if bad is not None:
            refused(phones[0], poll["id"], bad)
    _ten, results = run_poll(live_organizer, event, phones[:2], "rating", [10, 7], scale=10)
    assert results["mean"] == 8.5 and len(results["counts"]) == 10
    assert (
        live_organizer.call(
            "POST",
            f"/api/v1/events/{event['id']}/polls",
            json={"type": "rating", "question": "Q", "settings": {"scale": 11}},
        ).status
        == 422
    )


def test_nps(live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(live_organizer, event, phones, "nps", [10, 9, 8, 6, 0])
    # promoters 2, passives 1, detractors 2 -> (2 - 2) / 5 = 0
    assert (results["promoters"], results["passives"], results["detractors"], results["nps"]) == (2, 1, 2, 0)
    assert phones[3].vote(poll["id"], 10)["ok"] and phones[4].vote(poll["id"], 9)["ok"]
    results = live_organizer.results(poll["id"])
    # now 10, 9, 8, 10, 9: promoters 4, passives 1 -> 80
    assert (results["promoters"], results["passives"], results["detractors"], results["nps"]) == (4, 1, 0, 80)
    assert results["counts"]["0"] == 0 and results["counts"]["10"] == 2 and len(results["counts"]) == 11
    for bad in (-1, 11, "10", 9.5):
        refused(phones[0], poll["id"], bad)


def test_csat_and_ces(live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(live_organizer, event, phones, "csat", [5, 4, 3, 2, 4])
    assert results["csat"] == 60.0  # 3 of 5 gave 4 or 5
    refused(phones[0], poll["id"], 6)
    poll, results = run_poll(live_organizer, event, phones, "ces", [1, 7, 4, 4, 5])
    assert results["mean"] == 4.2 and results["counts"]["4"] == 2
    refused(phones[0], poll["id"], 0)
    refused(phones[0], poll["id"], 8)


def test_wordcloud_normalizes_and_filters(live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(
        live_organizer,
        event,
        phones,
        "wordcloud",
        [
            ["Kahvi", "  Pulla  "],
            ["KAHVI", "pul\u200bla", "ﬁka"],  # zero-width space, the ligature ﬁ -> fi (NFKC)
            ["kahvi\u202e", "Good   coffee"],  # a bidi override disappears, spaces collapse
            ["vittu", "kahvi"],  # profanity (Finnish) and a repeat
            ["kahvi", "kahvi"],  # the same word twice counts once
        ],
    )
    assert results["words"] == {"kahvi": 5, "pulla": 2, "fika": 1, "good coffee": 1}
    assert results["hidden"] == 1 and results["total"] == 5
    for bad in ([], ["a"] * 4, ["x" * 26], ["\u200b"], "kahvi", [3]):
        refused(phones[0], poll["id"], bad)
    screen_ack = live_organizer.call("GET", f"/api/v1/polls/{poll['id']}/results").body
    assert "vittu" not in screen_ack["words"]


def test_open_answers_are_moderated(live_server, live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(
        live_organizer, event, phones[:3], "open", ["More coffee breaks", "<b>Louder</b> mic", "  Great talk!  "]
    )
    assert results["total"] == 3 and results["answers"] == []  # moderation is on by default
    for bad in ("", "   ", "x" * 281, 5, ["a"]):
        refused(phones[3], poll["id"], bad)
    from tests.helpers.clients import PresenterScreen

    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": event["id"]}).connect()
    try:
        items = screen.wait_for("state")["results"]["items"]
        # oldest first; answers given in the same millisecond may come in either order
        assert sorted(i["text"] for i in items) == sorted(["More coffee breaks", "<b>Louder</b> mic", "Great talk!"])
        assert all(i["state"] == "pending" for i in items)
        by_text = {i["text"]: i["id"] for i in items}
        for text in ("More coffee breaks", "<b>Louder</b> mic"):
            assert screen.call("moderate", {"poll_id": poll["id"], "answer_id": by_text[text], "action": "approve"})[
                "ok"
            ]
        hide = {"poll_id": poll["id"], "answer_id": by_text["<b>Louder</b> mic"], "action": "hide"}
        assert screen.call("moderate", hide)["ok"]
        assert screen.call("moderate", {"poll_id": poll["id"], "answer_id": "nope", "action": "approve"})["ok"] is False
        assert live_organizer.results(poll["id"])["answers"] == ["More coffee breaks"]
        # a broadcast between the two approvals already shows only that answer: wait for the hide
        shown = screen.wait_for(
            "results",
            lambda r: r["answers"] == ["More coffee breaks"] and any(i["state"] == "hidden" for i in r["items"]),
        )
        assert {i["state"] for i in shown["items"]} == {"approved", "hidden", "pending"}
    finally:
        screen.close()
    # with moderation off, answers show at once
    assert live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False}).status == 200
    assert sorted(live_organizer.results(poll["id"])["answers"]) == ["Great talk!", "More coffee breaks"]


def test_ranking_borda(live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(
        live_organizer,
        event,
        phones[:3],
        "ranking",
        [["o1", "o2", "o3"], ["o2", "o1", "o3"], ["o2", "o3", "o1"]],
        options=["Red", "Green", "Blue"],
    )
    # points 2/1/0: o1 = 2 + 1 + 0 = 3, o2 = 1 + 2 + 2 = 5, o3 = 0 + 0 + 1 = 1
    assert results["scores"] == {"o1": 3, "o2": 5, "o3": 1}
    assert results["counts"] == {"o1": 1, "o2": 2, "o3": 0}  # first places
    assert phones[0].vote(poll["id"], ["o3", "o2", "o1"])["ok"]
    assert live_organizer.results(poll["id"])["scores"] == {"o1": 1, "o2": 5, "o3": 3}
    for bad in (["o1", "o1", "o2"], ["o1", "o2"], ["o1", "o2", "o3", "o4"], "o1", ["o1", "o2", 3]):
        refused(phones[4], poll["id"], bad)


def test_multiple_enforces_max_choices(live_organizer, crowd):
    event, phones = crowd
    poll, results = run_poll(
        live_organizer,
        event,
        phones[:2],
        "multiple",
        [["o1", "o3"], ["o3"]],
        options=["A", "B", "C", "D"],
        max_choices=2,
    )
    assert results["counts"] == {"o1": 1, "o2": 0, "o3": 2, "o4": 0} and results["total"] == 2
    for bad in (["o1", "o2", "o3"], ["o1", "o1"], [], ["o9"]):
        refused(phones[2], poll["id"], bad)


def test_reset_forgets_votes(live_server, live_organizer, crowd):
    event, phones = crowd
    poll, _ = run_poll(live_organizer, event, phones, "single", ["o1", "o2", "o1", "o1", "o2"], options=["A", "B"])
    assert live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/reset", json={}).status == 422
    assert live_organizer.results(poll["id"])["total"] == 5
    assert live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/reset", json={"confirm": True}).status == 200
    assert live_organizer.results(poll["id"]) == {
        "poll_id": poll["id"],
        "type": "single",
        "total": 0,
        "counts": {"o1": 0, "o2": 0},
    }
    assert phones[0].vote(poll["id"], "o2")["ok"]
    assert live_organizer.results(poll["id"])["counts"]["o2"] == 1
