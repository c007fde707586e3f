"""What a person sees: a phone votes and the projector's bars move, live, without a reload."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE

VOTED = "✓ Answer received"


def join_link(event):
    return f"/j/{event['code']}"


def mark_loaded(page):
    """Tags this document so that a later check can tell it was never reloaded."""
    page.evaluate("window.__hetkiSameDocument = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__hetkiSameDocument === true"), f"{page.url} was reloaded"


def option(page, option_id):
    return page.locator(f'button.option[data-option="{option_id}"]')


def bar(page, option_id):
    return page.locator(f'#chart .bar-row[data-option="{option_id}"]')


def wait_online(page):
    """Waits for the page's socket to be connected (live.js sets body[data-online])."""
    expect(page.locator("body")).to_have_attribute("data-online", "true")


def test_vote_moves_the_presenter_bars_live(live_server, live_organizer, phone, projector, shot):
    event = live_organizer.event("Product launch")
    poll = live_organizer.poll(event["id"], question="Best fruit?", options=("Apple", "Pear", "Plum"))
    live_organizer.open(poll["id"])
    apple, pear, plum = (o["id"] for o in poll["options"])

    projector.goto(event["presenter_url"])
    expect(projector.locator("#question")).to_have_text("Best fruit?")
    expect(bar(projector, apple)).to_have_attribute("data-count", "0")
    expect(projector.locator("#total")).to_have_text("0")
    mark_loaded(projector)

    phone.goto(join_link(event))
    expect(phone.locator('[data-role="question"]')).to_have_text("Best fruit?")
    expect(phone.locator("button.option")).to_have_text(["Apple", "Pear", "Plum"])
    mark_loaded(phone)

    option(phone, apple).tap()
    expect(option(phone, apple)).to_have_attribute("aria-pressed", "true")
    expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)
    expect(bar(projector, apple)).to_have_attribute("data-count", "1")
    expect(bar(projector, apple).locator(".bar-value")).to_have_text("1 · 100%")
    expect(projector.locator("#total")).to_have_text("1")
    shot(phone, "phone-voted")
    shot(projector, "projector-one-vote")

    option(phone, pear).tap()
    expect(option(phone, pear)).to_have_attribute("aria-pressed", "true")
    expect(option(phone, apple)).to_have_attribute("aria-pressed", "false")
    expect(bar(projector, pear)).to_have_attribute("data-count", "1")
    expect(bar(projector, apple)).to_have_attribute("data-count", "0")
    expect(bar(projector, plum)).to_have_attribute("data-count", "0")
    expect(bar(projector, pear).locator(".bar-value")).to_have_text("1 · 100%")
    expect(bar(projector, apple).locator(".bar-value")).to_have_text("0 · 0%")
    expect(projector.locator("#total")).to_have_text("1")
    expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)

    assert_not_reloaded(phone)
    assert_not_reloaded(projector)
    results = live_organizer.results(poll["id"])
    assert results["total"] == 1
    assert results["counts"] == {apple: 0, pear: 1, plum: 0}


def test_phone_waits_then_shows_the_poll_the_organizer_opens(live_organizer, phone, shot):
    event = live_organizer.event()
    poll = live_organizer.poll(
        event["id"], question="Where are you joining from?", options=("Helsinki", "Tampere", "Elsewhere")
    )

    phone.goto(join_link(event))
    waiting = phone.locator("#waiting")
    expect(waiting).to_be_visible()
    expect(waiting.locator("h1")).to_have_text("You're in!")
    expect(waiting).to_contain_text("Waiting for the presenter to start a poll")
    expect(phone.locator("button.option")).to_have_count(0)
    wait_online(phone)
    expect(phone.locator("#conn")).to_be_hidden()
    mark_loaded(phone)
    shot(phone, "phone-waiting")

    live_organizer.open(poll["id"])
    expect(phone.locator('[data-role="question"]')).to_have_text("Where are you joining from?")
    expect(phone.locator("button.option")).to_have_text(["Helsinki", "Tampere", "Elsewhere"])
    expect(phone.locator('[data-role="hint"]')).to_have_text("Tap your answer")
    expect(waiting).to_have_count(0)
    assert_not_reloaded(phone)


def test_phone_page_fits_a_320px_screen(live_organizer, open_page, shot):
    event = live_organizer.event("Nordic Developer Conference 2025 — Main Hall Keynote")
    poll = live_organizer.poll(
        event["id"],
        question="Which of these do you use in production every single working day?",
        options=(
            "Kubernetes",
            "Infrastructure-as-code-with-a-very-long-unbroken-name",
            "Bare metal servers in our own basement data centre",
            "None",
        ),
    )
    live_organizer.open(poll["id"])
    small = open_page("phone-320", **{**PHONE, "viewport": {"width": 320, "height": 568}})

    small.goto(join_link(event))
    buttons = small.locator("button.option")
    expect(buttons).to_have_count(4)
    wait_online(small)
    buttons.first.tap()
    expect(small.locator('[data-role="status"]')).to_have_text(VOTED)

    assert small.evaluate("document.documentElement.scrollWidth") <= 320
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box["height"] >= 44, f"option {index} is {box['height']}px tall"
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, f"option {index} sticks out: {box}"
    shot(small, "phone-320-voted")


def test_phone_speaks_finnish_when_the_browser_asks_for_it(live_organizer, open_page, shot):
    event = live_organizer.event("Tietoiskut")
    finnish = open_page("phone-fi", **{**PHONE, "locale": "fi-FI"})

    finnish.goto(join_link(event))
    expect(finnish.locator("html")).to_have_attribute("lang", "fi")
    expect(finnish.locator("#waiting h1")).to_have_text("Olet mukana!")
    expect(finnish.locator("#waiting")).to_contain_text("Odotetaan, että esittäjä avaa kyselyn")
    shot(finnish, "phone-fi-waiting")

    switch = finnish.locator('a.lang-switch[lang="en"]')  # (and Swedish beside it)
    expect(switch).to_have_text("In English")
    switch.tap()
    expect(finnish.locator("#waiting h1")).to_have_text("You're in!")
    expect(finnish.locator("html")).to_have_attribute("lang", "en")
    finnish.goto(join_link(event))  # the choice is remembered over the browser's Accept-Language
    expect(finnish.locator("#waiting h1")).to_have_text("You're in!")
    expect(finnish.locator('a.lang-switch[lang="fi"]')).to_have_text("Suomeksi")
