"""The organizer's results page: live while phones vote, and tidy when printed."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .organizer_pages import sign_in_page as sign_in
from .test_vote_flow import VOTED, assert_not_reloaded, join_link, mark_loaded, option


def vote_from_phone(phone, event, option_id):
    phone.goto(join_link(event))
    option(phone, option_id).tap()
    expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)


def test_results_page_follows_two_phones_live_and_prints_without_controls(live_organizer, open_page, shot):
    event = live_organizer.event("Quarterly all-hands")
    poll = live_organizer.poll(event["id"], question="Best fruit?", options=("Apple", "Pear", "Plum"))
    live_organizer.poll(event["id"], type="nps", question="Would you recommend us?", options=None)
    live_organizer.open(poll["id"])
    apple, pear, _ = (o["id"] for o in poll["options"])

    page = open_page("results", viewport={"width": 1280, "height": 800})
    sign_in(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/results")
    expect(page.locator("body")).to_have_attribute("data-online", "true")
    mark_loaded(page)
    section = page.locator(f'.poll-section[data-poll-id="{poll["id"]}"]')
    expect(section.locator(".poll-question")).to_have_text("Best fruit?")
    bar = section.locator(f'.bar-row[data-option="{apple}"]')
    expect(bar).to_have_attribute("data-count", "0")
    expect(page.locator(".poll-section")).to_have_count(2)
    turnout = page.locator(".figure-turnout .figure-value")
    expect(turnout).to_have_text("0")

    vote_from_phone(open_page("phone-1", **PHONE), event, apple)
    expect(bar).to_have_attribute("data-count", "1")
    vote_from_phone(open_page("phone-2", **PHONE), event, pear)
    expect(section.locator(f'.bar-row[data-option="{pear}"]')).to_have_attribute("data-count", "1")
    expect(section.locator(f'.bar-row[data-option="{apple}"] .bar-value')).to_have_text("1 · 50%")

    # participation follows: two joined, both answered the first poll
    expect(turnout).to_have_text("2")
    answered = page.locator("#funnel tr").nth(1).locator(".funnel-figures strong")
    expect(answered).to_have_text("2")
    expect(section.locator(".poll-meta")).to_contain_text("2 answered · 100% of participants")
    assert_not_reloaded(page)
    shot(page, "live")

    page.emulate_media(media="print")
    expect(page.locator(".cover")).to_be_visible()
    expect(page.locator(".cover-title")).to_have_text("Quarterly all-hands")
    assert page.locator("button:visible, a.btn:visible, .top-bar:visible, .results-back:visible").count() == 0
    shot(page, "print")
