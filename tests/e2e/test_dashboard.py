"""The organizer's web pages: sign in, create an event and polls of any type, open the presenter screen."""

from playwright.sync_api import expect


def test_organizer_signs_in_and_prepares_an_event(live_organizer, open_page, shot):
    page = open_page("dashboard", viewport={"width": 1280, "height": 900})
    page.goto("/login")
    page.fill('input[name="email"]', live_organizer.email)
    page.fill('input[name="password"]', "wrong")
    page.click('button[type="submit"]')
    expect(page.locator(".error")).to_be_visible()
    page.fill('input[name="email"]', live_organizer.email)
    page.fill('input[name="password"]', "correct horse")
    page.click('button[type="submit"]')
    page.wait_for_url("**/organizer")

    page.fill('#new-event input[name="title"]', "Spring all-hands")
    page.click('#new-event button[type="submit"]')
    card = page.locator("article.event")
    expect(card.locator('[data-role="title"]')).to_have_text("Spring all-hands")

    form = card.locator('[data-role="poll-form"]')
    form.locator('[name="question"]').fill("Capital of Finland?")
    form.locator('[name="type"]').select_option("quiz")
    expect(form.locator('[name="max_choices"]')).to_be_hidden()
    form.locator('[name="options"]').fill("Turku\nHelsinki\nTampere")
    form.locator('[name="correct"]').fill("2")
    form.locator('[name="time_limit"]').fill("15")
    form.locator('button[type="submit"]').click()
    expect(card.locator('[data-role="polls"] li')).to_have_count(1)

    form.locator('[name="question"]').fill("How was it?")
    form.locator('[name="type"]').select_option("rating")
    expect(form.locator('[name="options"]')).to_be_hidden()
    form.locator('button[type="submit"]').click()
    expect(card.locator('[data-role="polls"] li')).to_have_count(2)
    card.locator('[data-role="moderation"]').uncheck()
    shot(page, "dashboard")

    events = live_organizer.call("GET", "/api/v1/events").body["events"]
    detail = live_organizer.call("GET", f"/api/v1/events/{events[0]['id']}").body
    quiz, rating = detail["polls"]
    assert quiz["type"] == "quiz" and quiz["settings"] == {"correct": "o2", "time_limit": 15}
    assert rating["type"] == "rating" and rating["settings"] == {"scale": 5}
    page.wait_for_timeout(300)
    assert live_organizer.call("GET", f"/api/v1/events/{events[0]['id']}").body["moderation"] is False

    with page.expect_popup() as popup:
        card.locator('[data-role="present"]').click()
    screen = popup.value
    expect(screen.locator("#join-code")).to_have_text(detail["code"])
