"""Swedish in the browser: a Swedish event's phone and screen, and a bilingual Finnish + Swedish
event where two phones choose different languages and each sees its own (the screen the primary)."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE, PROJECTOR

from .organizer_pages import sign_in_page
from .test_vote_flow import wait_online


def event_with_poll(organizer, title, settings):
    event = organizer.event(title)
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json=settings)
    assert reply.status == 200, reply.body
    poll = organizer.poll(event["id"], question="Bästa frukten?", options=("Äpple", "Päron"))
    organizer.open(poll["id"])
    return reply.body


def phone_in(open_page, label, locale):
    return open_page(label, **{**PHONE, "locale": locale})


def vote(phone):
    wait_online(phone)
    phone.locator("button.option").first.tap()
    expect(phone.locator('button.option[aria-pressed="true"]')).to_have_count(1)


def screen_of(open_page, event):
    screen = open_page("screen", **PROJECTOR)
    screen.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    return screen


def test_a_swedish_event_on_the_phone_and_the_screen(live_organizer, open_page, shot):
    event = event_with_poll(live_organizer, "Vårseminariet", {"language": "sv"})
    phone = phone_in(open_page, "phone", "en-US")  # the event's language, not the browser's
    phone.goto(f"/j/{event['code']}")
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    vote(phone)
    expect(phone.locator("body")).to_contain_text("Svaret har tagits emot")
    shot(phone, "phone-sv")

    screen = screen_of(open_page, event)
    expect(screen.locator("html")).to_have_attribute("lang", "sv")
    expect(screen.locator(".join-at").first).to_have_text("Gå med på")
    expect(screen.locator("body")).to_contain_text("1 röst")
    shot(screen, "screen-sv")


def test_two_phones_of_a_bilingual_event_each_see_their_own(live_organizer, open_page, shot):
    event = event_with_poll(live_organizer, "Tvåspråkigt · Kaksikielinen", {"languages": ["fi", "sv"]})
    finn = phone_in(open_page, "finn", "fi-FI")
    swede = phone_in(open_page, "swede", "en-US")  # a browser liking neither starts in the primary
    for phone in (finn, swede):
        phone.goto(f"/j/{event['code']}")
    expect(finn.locator("html")).to_have_attribute("lang", "fi")
    expect(swede.locator("html")).to_have_attribute("lang", "fi")
    expect(swede.locator(".lang-switch")).to_have_count(1)  # only the event's other language
    swede.locator(".lang-switch").click()
    expect(swede.locator("html")).to_have_attribute("lang", "sv")
    expect(finn.locator(".lang-switch")).to_have_text("På svenska")
    expect(swede.locator(".lang-switch")).to_have_text("Suomeksi")
    swede.goto(f"/j/{event['code']}")  # the choice is remembered
    expect(swede.locator("html")).to_have_attribute("lang", "sv")
    vote(finn)
    vote(swede)
    expect(finn.locator("body")).to_contain_text("Vastaus vastaanotettu")
    expect(swede.locator("body")).to_contain_text("Svaret har tagits emot")
    shot(finn, "bilingual-fi")
    shot(swede, "bilingual-sv")

    screen = screen_of(open_page, event)
    expect(screen.locator("html")).to_have_attribute("lang", "fi")
    expect(screen.locator("body")).to_contain_text("2 ääntä")
    shot(screen, "bilingual-screen")


def test_the_settings_page_makes_an_event_bilingual(live_organizer, open_page, shot):
    event = live_organizer.event("Settings languages")
    page = open_page("settings", viewport={"width": 1280, "height": 1100}, locale="sv-FI")
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/settings?lang=sv")
    page.locator('input[name="language"][value="fi"]').check()
    page.select_option('select[name="second_language"]', "sv")
    page.locator("#settings-form button[type=submit]").click()
    expect(page.locator("#save-status")).to_have_text("Sparat.")
    settings = live_organizer.call("GET", f"/api/v1/events/{event['id']}").body["settings"]
    assert (settings["language"], settings["second_language"]) == ("fi", "sv")
    page.select_option('select[name="second_language"]', "fi")  # the same twice is refused
    page.locator("#settings-form button[type=submit]").click()
    expect(page.locator("#save-error")).not_to_be_empty()
    shot(page, "settings-sv")
    page.reload()
    expect(page.locator('select[name="second_language"]')).to_have_value("sv")
