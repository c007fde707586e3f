"""Issue 17, items 1, 5, 7, 8, 9: the projector speaks the event's language, welcomes the room with
the join address and a live count of who joined, invites reactions, shows no unrelated poll's
state over Q&A, and ends cleanly with the phones when the event is erased."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import PHONE
from tests.helpers.clients import join

from .organizer_pages import sign_in_page
from .test_vote_flow import join_link, wait_online

SHOTS = Path("/tmp/hk/shots/D")
SIZES = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}


def keep(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", animations="disabled")


def projector(open_page, event, size="720p", locale="en-US"):
    page = open_page(f"projector-{size}", viewport=SIZES[size], locale=locale)
    page.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    wait_online(page)
    return page


def set_language(organizer, event, language):
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": language})
    assert reply.status == 200, reply.body


def call(organizer, method, path):
    reply = organizer.call(method, path)
    assert reply.status < 300, reply.body
    return reply.body


@pytest.mark.parametrize("size", SIZES)
def test_the_welcome_counts_who_joined_live_and_projects_no_instruction(live_server, live_organizer, open_page, size):
    event = live_organizer.event("Kevätseminaari")
    screen = projector(open_page, event, size)
    lobby = screen.locator("#welcome")
    expect(lobby).to_be_visible()
    expect(lobby).to_contain_text("Kevätseminaari")
    expect(lobby).to_contain_text(f"/j/{event['code']}")
    expect(lobby.locator(".welcome-code")).to_have_text(event["code"])
    expect(lobby.locator("img.welcome-qr")).to_be_visible()
    expect(lobby.locator(".welcome-joined")).to_have_text("0 joined")
    for _ in range(3):
        join(live_server.http(), event["code"])
    expect(lobby.locator(".welcome-joined")).to_have_text("3 joined", timeout=2000)
    assert "Press N" not in screen.locator("body").inner_text()  # the presenter's keys, not the room's
    keep(screen, f"welcome-{size}")
    poll = live_organizer.poll(event["id"], question="Which day suits you best?")
    live_organizer.open(poll["id"])
    expect(lobby).to_be_hidden()
    expect(screen.locator("#question")).to_have_text("Which day suits you best?")
    join(live_server.http(), event["code"])
    expect(screen.locator("#joined-chip")).to_have_text("4 joined", timeout=2000)  # small, on every view
    keep(screen, f"poll-with-count-{size}")


def test_the_projector_and_results_page_speak_the_events_language(live_organizer, open_page):
    event = live_organizer.event("Henkilöstöpäivä")
    set_language(live_organizer, event, "fi")
    screen = projector(open_page, event, "1080p", locale="en-US")  # the organizer's browser is English
    expect(screen.locator("html")).to_have_attribute("lang", "fi")
    expect(screen.locator("#welcome .welcome-kicker")).to_have_text("Tervetuloa")
    expect(screen.locator("#welcome .welcome-joined")).to_have_text("0 liittynyttä")
    poll = live_organizer.poll(event["id"], question="Mikä päivä sopii?")
    live_organizer.open(poll["id"])
    expect(screen.locator("#poll-state")).to_have_text("Äänestys auki")
    expect(screen.locator("#toggle-open")).to_have_text("Sulje")
    keep(screen, "finnish-poll-1080p")
    # the organizer chose English for their own pages: the client's results page stays Finnish
    laptop = open_page("laptop", viewport={"width": 1440, "height": 900}, locale="en-US")
    sign_in_page(laptop, live_organizer.email)
    laptop.goto("/organizer?lang=en")
    laptop.goto(f"/events/{event['id']}/results")
    expect(laptop.locator("html")).to_have_attribute("lang", "fi")
    laptop.goto(f"/events/{event['id']}/results?lang=en")  # an explicit switch still wins
    expect(laptop.locator("html")).to_have_attribute("lang", "en")
    screen.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])  # the cookie ?lang=en left
    expect(screen.locator("html")).to_have_attribute("lang", "fi")


def test_the_qa_view_shows_no_unrelated_polls_state(live_organizer, open_page):
    event = live_organizer.event("Q&A")
    cloud = live_organizer.poll(event["id"], type="wordcloud", question="One word?", options=None)
    live_organizer.open(cloud["id"])
    call(live_organizer, "POST", f"/api/v1/polls/{cloud['id']}/close")
    screen = projector(open_page, event, "1080p")
    expect(screen.locator("#poll-state")).to_have_text("Voting closed")
    screen.keyboard.press("a")
    expect(screen.locator("#qa-view")).to_be_visible()
    expect(screen.locator("#poll-state")).to_be_hidden()
    expect(screen.locator("#joined-chip")).to_be_visible()
    keep(screen, "qa-1080p")


def test_opening_reactions_invites_them_on_the_projector(live_organizer, open_page):
    event = live_organizer.event("Palaute")
    reply = live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi", "reaction_limit": 30})
    assert reply.status == 200, reply.body
    screen = projector(open_page, event, "1080p")
    lobby = screen.locator("#welcome")
    expect(lobby.locator(".welcome-invite")).to_be_hidden()
    call(live_organizer, "POST", f"/api/v1/events/{event['id']}/reactions/open")
    expect(lobby.locator(".welcome-invite")).to_have_text("Jätä 30 sekunnin video tai muutama sana", timeout=2000)
    expect(lobby.locator("img.welcome-qr")).to_be_visible()
    keep(screen, "reactions-invite-1080p")
    poll = live_organizer.poll(event["id"], question="Mikä jäi mieleen?")
    live_organizer.open(poll["id"])  # a poll opened: the invitation gives way
    expect(lobby).to_be_hidden()
    call(live_organizer, "POST", f"/api/v1/polls/{poll['id']}/close")
    expect(screen.locator("#poll-state")).to_have_text("Äänestys suljettu")
    expect(lobby).to_be_hidden()  # the results stay up, the invitation does not come back
    call(live_organizer, "POST", f"/api/v1/events/{event['id']}/reactions/close")
    call(live_organizer, "POST", f"/api/v1/events/{event['id']}/reactions/open")
    expect(lobby.locator(".welcome-invite")).to_be_visible(timeout=2000)
    call(live_organizer, "POST", f"/api/v1/events/{event['id']}/reactions/close")
    expect(lobby).to_be_hidden(timeout=2000)


def test_erasing_the_event_ends_the_projector_and_the_phones(live_organizer, open_page):
    event = live_organizer.event("Erased")
    live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False})
    phone = open_page("phone", **PHONE)
    phone.goto(join_link(event))
    wait_online(phone)
    phone.fill("#qa-text", "Will the slides be shared?")
    phone.get_by_role("button", name="Ask", exact=True).click()
    expect(phone.locator("[data-role=ask-status]")).to_contain_text("Question sent", timeout=3000)
    screen = projector(open_page, event, "1080p")
    screen.keyboard.press("a")
    expect(screen.locator(".qa-text")).to_have_text("Will the slides be shared?")
    phone.fill("#qa-text", "And the recording?")  # half-written when the event goes
    assert live_organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    expect(phone.locator("#app")).to_have_text("This event has ended.", timeout=2000)
    expect(phone.locator("form, textarea, input, button")).to_have_count(0)  # nothing left to send
    expect(phone.locator("#conn")).to_be_hidden()
    keep(phone, "ended-phone")
    expect(screen.get_by_text("This event has ended.").locator("visible=true")).to_have_count(1, timeout=2000)
    expect(screen.get_by_text("Will the slides be shared?")).to_have_count(0)
    expect(screen.locator("#conn")).to_be_hidden()  # no "Reconnecting…": it is over
    expect(screen.locator("#controls")).to_be_hidden()
    keep(screen, "ended-1080p")
