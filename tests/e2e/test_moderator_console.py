"""The moderator console (issue 17, items 2 and 14): pending questions and open answers on a
phone or a laptop, by the presenter link or from the organizer's pages, with approve / hide /
approve all and keys; the projector shows only how many wait; authors are told on their phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import PHONE, PROJECTOR
from tests.helpers.clients import Phone, PresenterScreen, join

from .organizer_pages import sign_in_page
from .screens import ask
from .test_vote_flow import join_link, wait_online

SHOTS = Path("/tmp/hk/shots/E")
LAPTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "en-US"}
ANSWERS = ["Longer coffee breaks", "A profane answer nobody should project", "More hands-on workshops"]


@pytest.fixture
def keep(shot):
    """shot() and a copy under /tmp/hk/shots/E for the report."""

    def keep(page, label):
        shot(page, label)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{label}.png", full_page=True, animations="disabled")

    return keep


def waiting_event(live_server, organizer, question_texts=("Is there a recording?", "When is the next meetup?")):
    """An event with a live open-text poll, three pending answers and pending questions."""
    event = organizer.event("Moderated keynote")
    poll = organizer.poll(event["id"], type="open", question="Any feedback?", options=None)
    organizer.open(poll["id"])
    for text in ANSWERS:
        phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
        phone.wait_for("state")
        assert phone.vote(poll["id"], text)["ok"]
        phone.close()
    people = [join(live_server.http(), event["code"]) for _ in question_texts]
    for person, text in zip(people, question_texts, strict=True):
        ask(live_server.url, event["code"], person, text)
    return event, poll


def console_link(event):
    return f"{event['presenter_url']}/moderate"


def test_moderator_console_on_a_phone_while_the_projector_shows_only_the_count(
    live_server, live_organizer, open_page, keep
):
    event, _ = waiting_event(live_server, live_organizer)
    projector = open_page("projector", **PROJECTOR)
    projector.goto(event["presenter_url"])
    wait_online(projector)
    expect(projector.locator("#pending-badge")).to_have_text("5")
    for text in [*ANSWERS, "Is there a recording?"]:
        expect(projector.get_by_text(text)).to_have_count(0)  # never projected, drawer or not
    projector.keyboard.press("m")  # once the drawer's key: still nothing pending on the screen
    expect(projector.get_by_text(ANSWERS[1])).to_have_count(0)
    expect(projector.locator("#moderate-link")).to_have_attribute(
        "href", f"/p/{event['presenter_url'].rsplit('/p/', 1)[1]}/moderate"
    )

    console = open_page("console-phone", **PHONE)
    console.goto(console_link(event))
    wait_online(console)
    expect(console.locator("#waiting-count")).to_have_text("5 waiting")
    expect(console.locator("#pending-answers .mod-item")).to_have_count(3)
    expect(console.locator("#pending-questions .mod-item")).to_have_count(2)
    assert console.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    keep(console, "console-phone-waiting")

    profane = console.locator("#pending-answers .mod-item", has_text=ANSWERS[1])
    profane.get_by_role("button", name="Hide").click()
    expect(console.locator("#pending-answers .mod-item")).to_have_count(2)
    console.locator("#pending-answers .mod-item", has_text=ANSWERS[0]).get_by_role("button", name="Approve").click()
    expect(console.locator("#waiting-count")).to_have_text("3 waiting")
    expect(projector.locator("#pending-badge")).to_have_text("3")
    expect(projector.locator("#chart")).to_contain_text(ANSWERS[0])  # the approved one reaches the wall
    console.get_by_role("button", name="Approve all").click()
    expect(console.locator("#waiting-count")).to_have_text("0 waiting")
    expect(console.locator("#pending-questions")).to_contain_text("Nothing waiting.")
    expect(projector.locator("#pending-badge")).to_be_hidden()
    expect(projector.locator("#chart")).to_contain_text(ANSWERS[2])
    expect(projector.get_by_text(ANSWERS[1])).to_have_count(0)  # hidden stays off the wall
    keep(console, "console-phone-done")
    keep(projector, "projector-after-moderation")


def test_keys_on_a_laptop_console_opened_from_the_organizer_pages(live_server, live_organizer, open_page, keep):
    event, _ = waiting_event(live_server, live_organizer)
    laptop = open_page("organizer", **LAPTOP)
    sign_in_page(laptop, live_organizer.email)
    laptop.goto(f"/events/{event['id']}/settings")
    with laptop.expect_popup() as opened:
        laptop.get_by_role("link", name="Moderate", exact=True).click()
    console = opened.value
    wait_online(console)
    expect(console.locator("#console-keys")).to_contain_text("A approve")
    expect(console.locator("#pending-answers .mod-item")).to_have_count(3)
    console.keyboard.press("j")  # the newest answer first
    expect(console.locator(".mod-item.selected")).to_contain_text(ANSWERS[2])
    console.keyboard.press("j")
    expect(console.locator(".mod-item.selected")).to_contain_text(ANSWERS[1])
    console.keyboard.press("h")
    expect(console.locator("#pending-answers .mod-item")).to_have_count(2)
    console.keyboard.press("k")
    console.keyboard.press("a")
    expect(console.locator("#pending-answers .mod-item")).to_have_count(1)
    keep(console, "console-laptop")
    console.keyboard.press("Shift+A")
    expect(console.locator("#waiting-count")).to_have_text("0 waiting")
    questions = live_organizer.call("GET", f"/api/v1/events/{event['id']}/questions").body["questions"]
    assert {q["state"] for q in questions} == {"approved"}

    # the settings page chooses for questions and answers apart
    laptop.bring_to_front()
    laptop.get_by_label("Approve open-text answers before they are shown").uncheck()
    laptop.get_by_role("button", name="Save", exact=True).click()
    expect(laptop.locator("#save-status")).not_to_be_empty()
    settings = live_organizer.call("GET", f"/api/v1/events/{event['id']}").body["settings"]
    assert (settings["moderate_questions"], settings["moderate_answers"]) == (True, False)
    expect(console.locator("#moderate-answers")).not_to_be_checked()
    keep(laptop, "settings-laptop")


def test_an_author_is_told_their_answer_waits_then_was_hidden(live_server, live_organizer, open_page, keep):
    event = live_organizer.event("Palaute")
    poll = live_organizer.poll(event["id"], type="open", question="Mitä toivot?", options=None)
    live_organizer.open(poll["id"])
    phone = open_page("author-fi", **{**PHONE, "locale": "fi-FI"})
    phone.goto(join_link(event))
    wait_online(phone)
    expect(phone.locator('[data-role="hint"]')).not_to_be_empty()
    phone.get_by_role("textbox", name="Vastauksesi").fill("Enemmän taukoja")
    phone.get_by_role("button", name="Lähetä vastaukseni").click()
    expect(phone.locator('[data-role="status"]')).to_contain_text("kun esittäjä on hyväksynyt sen")
    keep(phone, "author-waiting-fi")

    key = event["presenter_url"].rsplit("/p/", 1)[1]
    screen = PresenterScreen(live_server.url, {"key": key}).connect()
    try:
        answer = screen.wait_for("state")["results"]["items"][0]
        assert screen.call("moderate", {"poll_id": poll["id"], "answer_id": answer["id"], "action": "hide"})["ok"]
    finally:
        screen.close()
    expect(phone.locator('[data-role="status"]')).to_contain_text("Esittäjä piilotti vastauksesi")
    phone.reload()  # still said after a reload
    wait_online(phone)
    expect(phone.locator('[data-role="status"]')).to_contain_text("Esittäjä piilotti vastauksesi")
    keep(phone, "author-hidden-fi")

    # closed and revealed: no "tap your answer", and answers are counted as answers
    assert live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/close").status == 200
    assert live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/reveal", json={"revealed": True}).status == 200
    expect(phone.locator('[data-role="state"]')).not_to_be_empty()
    expect(phone.locator('[data-role="hint"]')).to_be_empty()
    expect(phone.locator(".total")).to_have_text("1 vastaus")
    keep(phone, "author-closed-fi")


def test_a_closed_choice_poll_no_longer_says_tap_your_answer(live_server, live_organizer, phone):
    event = live_organizer.event()
    poll = live_organizer.poll(event["id"])
    live_organizer.open(poll["id"])
    phone.goto(join_link(event))
    wait_online(phone)
    expect(phone.locator('[data-role="hint"]')).to_have_text("Tap your answer")
    assert live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/close").status == 200
    expect(phone.locator('[data-role="state"]')).to_have_text("Voting is closed")
    expect(phone.locator('[data-role="hint"]')).to_be_empty()
