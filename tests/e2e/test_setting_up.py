"""Setting up without surprises (items 16 and 17 of issue 17): the sign-in form keeps the e-mail
after a wrong password; a join link phones cannot open (127.0.0.1) is said plainly on the settings
page and in the presenter's controls, with the LAN address; copies read as copies; the events list
has a search and an archive."""

from playwright.sync_api import expect

from tests.e2e.organizer_pages import sign_in_page
from tests.helpers.api import assert_error

LAPTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "en-US"}
SHOTS = "/tmp/hk/shots/I"


def test_the_sign_in_form_keeps_the_email_after_a_wrong_password(live_organizer, open_page):
    page = open_page("login", **LAPTOP)
    page.goto("/login")
    page.fill('input[name="email"]', live_organizer.email)
    page.fill('input[name="password"]', "not the password")
    page.click('button[type="submit"]')
    expect(page.locator(".error")).to_be_visible()
    expect(page.locator('input[name="email"]')).to_have_value(live_organizer.email)
    expect(page.locator('input[name="password"]')).to_have_value("")
    expect(page.locator('input[name="password"]')).to_be_focused()
    page.screenshot(path=f"{SHOTS}/login-wrong-password.png")
    page.fill('input[name="password"]', "correct horse")
    page.click('button[type="submit"]')
    page.wait_for_url("**/organizer")


def test_a_join_link_phones_cannot_open_is_said_with_the_lan_address(live_organizer, open_page, live_server):
    """The test server serves 127.0.0.1 with no PUBLIC_URL, Hetki's default."""
    event = live_organizer.event("Town hall")
    assert "127.0.0.1" in event["join_url"] and event["join_warning"]["host"] == "127.0.0.1"
    page = open_page("settings", **LAPTOP)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/settings")
    warning = page.locator("#join-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Phones cannot open this join link: 127.0.0.1")
    expect(warning).to_contain_text("HOST=0.0.0.0")
    for url in event["join_warning"]["lan_urls"]:  # the machine's own non-loopback IPv4 addresses
        assert "127." not in url
        expect(warning).to_contain_text(url)
    page.screenshot(path=f"{SHOTS}/settings-join-warning.png", full_page=True)

    with page.expect_popup() as popup:
        page.goto(f"/events/{event['id']}")
        page.locator(".present-link").click()
    screen = popup.value
    screen.set_viewport_size({"width": 1280, "height": 720})
    problem = screen.locator("#controls .join-problem")
    expect(problem.locator("summary")).to_have_text("⚠ Phones cannot join")
    expect(screen.locator("#join-warning")).to_be_hidden()  # a click away, in the controls only
    expect(screen.locator("main #join-warning")).to_have_count(0)  # never on the projected stage
    problem.locator("summary").click()
    expect(screen.locator("#join-warning")).to_be_visible()
    expect(screen.locator("#join-warning")).to_contain_text("HOST=0.0.0.0")
    screen.screenshot(path=f"{SHOTS}/presenter-join-warning-1280.png")


def test_a_public_url_carries_no_warning(organizer, app):
    app.config["HETKI"].PUBLIC_URL = "https://vote.example.org"
    event = organizer.event("Town hall")
    assert event["join_url"].startswith("https://vote.example.org/") and event["join_warning"] is None


def test_duplicated_polls_and_imported_events_read_as_copies(live_organizer):
    event = live_organizer.event("Spring summit")
    poll = live_organizer.poll(event["id"], question="Best fruit?")
    copy = live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/duplicate").body
    assert copy["question"] == "Best fruit? (copy)"
    exported = live_organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json").body
    imported = live_organizer.call("POST", "/api/v1/events/import", json=exported).body
    assert imported["title"] == "Spring summit (copy)"
    duplicated = live_organizer.call("POST", f"/api/v1/events/{event['id']}/duplicate").body
    assert duplicated["title"] == "Spring summit (copy)"
    polls = live_organizer.call("GET", f"/api/v1/events/{duplicated['id']}/polls").body["polls"]
    assert [p["question"] for p in polls] == ["Best fruit?", "Best fruit? (copy)"]  # as they were


def test_the_events_list_searches_and_archives(live_organizer, open_page):
    events = {title: live_organizer.event(title) for title in ("Spring all-hands", "Sales kickoff", "Board day")}
    kickoff = events["Sales kickoff"]
    assert_error(live_organizer.call("PATCH", f"/api/v1/events/{kickoff['id']}", json={"archived": "maybe"}), 422)
    page = open_page("events", **LAPTOP)
    sign_in_page(page, live_organizer.email)
    cards = page.locator("#events article.event:visible")
    expect(cards).to_have_count(3)

    page.fill("#event-search", "kick")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Sales kickoff")
    page.fill("#event-search", events["Board day"]["code"].lower())  # by its code too
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Board day")
    page.fill("#event-search", "nothing like this")
    expect(cards).to_have_count(0)
    expect(page.locator("#no-match")).to_be_visible()
    page.fill("#event-search", "")
    expect(cards).to_have_count(3)

    card = page.locator(f'article.event[data-event-id="{kickoff["id"]}"]')
    card.locator('[data-role="archive"]').click()
    expect(page.locator("#announcer")).to_have_text("“Sales kickoff” archived.")
    expect(cards).to_have_count(2)
    listed = {e["id"]: e for e in live_organizer.call("GET", "/api/v1/events").body["events"]}
    assert listed[kickoff["id"]]["archived"] is True and listed[events["Board day"]["id"]]["archived"] is False
    copy = live_organizer.call("POST", f"/api/v1/events/{kickoff['id']}/duplicate").body
    assert copy["archived"] is False and "archived" not in copy["settings"]  # a copy starts in the list
    page.screenshot(path=f"{SHOTS}/events-archived-hidden.png", full_page=True)

    page.check("#show-archived")
    expect(cards).to_have_count(3)
    expect(card.locator('[data-role="archive"]')).to_have_text("Unarchive")
    page.screenshot(path=f"{SHOTS}/events-show-archived.png", full_page=True)
    card.locator('[data-role="archive"]').click()
    expect(page.locator("#announcer")).to_have_text("“Sales kickoff” is back in the list.")
    page.uncheck("#show-archived")
    expect(cards).to_have_count(4)  # and the copy made while it was archived
