"""On the big screen: any poll may count down and close itself on the server's clock, results can be
hidden while voting is open (phones unaffected), and the open-text wall pages through every
approved answer with "12–28 of 140"."""

import re
import time

import pytest
from playwright.sync_api import expect

from server.domain import poll_types
from tests.helpers.browser import PHONE
from tests.helpers.clients import PresenterScreen, join, vote_over_http

from .test_vote_flow import join_link, wait_online

PROJECTOR_1080 = {"viewport": {"width": 1920, "height": 1080}, "locale": "en-US"}


def screen_of(open_page, event, **options):
    page = open_page("projector", **(options or PROJECTOR_1080))
    page.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    wait_online(page)
    return page


@pytest.mark.parametrize("bad", [-1, 3601, "30", True, 2.5])
def test_a_bad_time_limit_is_refused(live_organizer, bad):
    event = live_organizer.event("Limits")
    reply = live_organizer.call(
        "POST",
        f"/api/v1/events/{event['id']}/polls",
        json={"type": "nps", "question": "Recommend us?", "settings": {"time_limit": bad}},
    )
    assert reply.status == 422, reply.body
    assert reply.body["error"]["code"] == "invalid_settings"


def test_any_poll_counts_down_and_the_server_closes_it(live_organizer, open_page, shot):
    event = live_organizer.event("Timed")
    timed = live_organizer.poll(event["id"], question="Coffee or tea?", options=("Coffee", "Tea"), time_limit=4)
    untimed = live_organizer.poll(event["id"], type="open", question="Anything else?", options=None)
    assert timed["settings"]["time_limit"] == 4 and "time_limit" not in untimed["settings"]
    for kind in poll_types.editor_types():  # what the poll editor draws its fields from
        assert [f["name"] for f in kind["fields"]].count("time_limit") == 1, kind

    screen = screen_of(open_page, event)
    phone = open_page("phone", **PHONE)
    phone.goto(join_link(event))
    wait_online(phone)
    live_organizer.open(timed["id"])
    clock = screen.locator("#poll-timer")
    expect(clock).to_be_visible()
    expect(clock).to_have_text(re.compile(r"^0:0[1-4]$"))
    phone.locator("button.option").first.tap()
    shot(screen, "countdown")
    # nobody closes it: the server does, and every screen hears it
    expect(screen.locator("#poll-state")).to_contain_text("Voting closed", timeout=8000)
    expect(clock).to_be_hidden()
    assert live_organizer.call("GET", f"/api/v1/polls/{timed['id']}").body["state"] == "closed"
    expect(phone.locator("button.option").first).to_be_disabled()

    live_organizer.open(untimed["id"])
    expect(screen.locator("#question")).to_have_text("Anything else?")
    expect(clock).to_be_hidden()


def test_results_hidden_on_screen_while_voting_is_open(live_organizer, open_page, shot):
    event = live_organizer.event("Herding")
    poll = live_organizer.poll(event["id"], question="Best fruit?", options=("Apple", "Pear", "Plum"))
    apple = poll["options"][0]["id"]
    screen = screen_of(open_page, event)
    phone = open_page("phone", **PHONE)
    phone.goto(join_link(event))
    wait_online(phone)
    live_organizer.open(poll["id"])
    expect(screen.locator("#question")).to_have_text("Best fruit?")
    note = screen.locator("#results-hidden")
    expect(note).to_be_hidden()

    screen.keyboard.press("b")
    expect(note).to_have_text("Results hidden until voting closes")
    expect(note).to_be_visible()
    expect(screen.locator("#chart")).to_be_hidden()
    expect(screen.locator("#toggle-results")).to_have_attribute("aria-pressed", "true")
    screen.locator("#toggle-reveal").click()  # phones still get results when revealed
    phone.locator(f'button.option[data-option="{apple}"]').tap()
    expect(screen.locator("#total")).to_have_text("1")
    expect(phone.locator('[data-role="results"]')).to_be_visible()
    expect(phone.locator('[data-role="results"] .bar-row').first).to_have_attribute("data-count", "1")
    expect(screen.locator("#chart")).to_be_hidden()
    shot(screen, "results-hidden")

    live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    expect(note).to_be_hidden()
    expect(screen.locator(f'#chart .bar-row[data-option="{apple}"]')).to_have_attribute("data-count", "1")
    expect(screen.locator("#chart")).to_be_visible()
    shot(screen, "results-after-close")

    # the control on the controls bar does the same, and a reload keeps the choice
    live_organizer.open(poll["id"])
    expect(note).to_be_visible()
    screen.reload()
    wait_online(screen)
    expect(note).to_be_visible()
    screen.locator("#toggle-results").click()
    expect(note).to_be_hidden()
    expect(screen.locator("#chart")).to_be_visible()


WALL_RANGE = re.compile(r"^(\d+)–(\d+) of (\d+)$")
SNAPSHOT = """() => {
    const wall = document.querySelector('.wall-view').getBoundingClientRect();
    const cards = [...document.querySelectorAll('.wall-card')];
    return {range: document.querySelector('.wall-range').textContent,
            cards: cards.map(c => c.textContent),
            whole: cards.every(c => c.getBoundingClientRect().bottom <= wall.bottom + 0.5)};
}"""


def chained(ends):
    """The pages seen follow each other from the first answer to the last."""
    at = 1
    while at in ends:
        at = ends[at] + 1
    return at == 101


def test_the_wall_pages_through_every_approved_answer(live_organizer, open_page, shot):
    event = live_organizer.event("Ideas")
    assert live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False}).status == 200
    poll = live_organizer.poll(event["id"], type="open", question="One idea for next year?", options=None)
    live_organizer.open(poll["id"])
    answers = {f"Idea number {n}: more time for questions" for n in range(1, 101)}
    for n, text in enumerate(sorted(answers)):
        token = join(live_organizer.http, event["code"])
        vote_over_http(live_organizer.http, poll["id"], token, text, f"wall-{n}")

    screen = open_page("projector", **PROJECTOR_1080)
    screen.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1] + "?wall_seconds=2")
    wait_online(screen)
    counter = screen.locator(".wall-range")
    expect(counter).to_have_text(re.compile(r"^1–\d+ of 100$"))
    shot(screen, "wall-first-page")
    ends, seen = {}, set()  # first answer of a page -> its last; the answers shown
    deadline = time.monotonic() + 90
    while 100 not in ends.values() or not chained(ends):
        assert time.monotonic() < deadline, f"the wall did not page through all: {ends}"
        page = screen.evaluate(SNAPSHOT)  # the counter and the cards at one moment
        first, end, total = map(int, WALL_RANGE.match(page["range"]).groups())
        assert total == 100 and len(page["cards"]) == end - first + 1, page
        assert page["whole"], f"a card on page {page['range']} is cut off"
        if first not in ends and len(ends) == 2:
            shot(screen, "wall-later-page")
        ends[first] = end
        seen.update(page["cards"])
        screen.wait_for_timeout(200)
    assert seen == answers and len(ends) >= 3
    expect(counter).to_have_text(re.compile(r"^1–\d+ of 100$"), timeout=6000)  # and round again


def test_a_wall_page_is_bounded_and_bad_requests_are_refused(live_server, live_organizer):
    event = live_organizer.event("Bounds")
    assert live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False}).status == 200
    wall = live_organizer.poll(event["id"], type="open", question="Ideas?", options=None)
    bars = live_organizer.poll(event["id"], question="Fruit?")
    live_organizer.open(wall["id"])
    for n in range(3):
        vote_over_http(live_organizer.http, wall["id"], join(live_organizer.http, event["code"]), f"idea {n}", f"b{n}")
    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": event["id"]}).connect()
    try:
        ack = screen.call("wall_page", {"poll_id": wall["id"], "start": 1, "count": 60})
        assert ack["ok"] and ack["page"]["total"] == 3
        assert [i["text"] for i in ack["page"]["items"]] == ["idea 1", "idea 2"]
        for bad in (
            {"poll_id": wall["id"], "start": -1},
            {"poll_id": wall["id"], "count": 0},
            {"poll_id": wall["id"], "count": 10_000},
            {"poll_id": wall["id"], "start": "0"},
            {"poll_id": "../x"},
            {"poll_id": bars["id"]},
            None,
        ):
            ack = screen.call("wall_page", bad)
            assert ack["ok"] is False and ack["error"]["code"] not in ("internal", None), (bad, ack)
    finally:
        screen.close()
