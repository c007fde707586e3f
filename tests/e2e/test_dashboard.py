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
    expect(page.locator("#no-events")).to_be_visible()

    page.fill("#new-title", "Spring all-hands")
    page.click('#new-event button[type="submit"]')
    page.wait_for_url("**/events/*")
    expect(page.locator("#event-title")).to_have_text("Spring all-hands")

    form = page.locator("#add-poll form")
    form.locator('[name="type"]').select_option("quiz")
    form.locator('[name="question"]').fill("Capital of Finland?")
    expect(form.locator('[name="max_choices"]')).to_have_count(0)
    form.locator(".option-input").nth(0).fill("Turku")
    form.locator(".option-input").nth(1).fill("Helsinki")
    form.locator("button.add-option").click()
    expect(form.locator(".option-input").nth(2)).to_be_focused()
    page.keyboard.type("Tampere")
    form.locator('input[type="radio"]').nth(1).check()
    form.locator('[name="time_limit"]').fill("15")
    form.locator('button[type="submit"]').click()
    cards = page.locator("#polls > li")
    expect(cards).to_have_count(1)
    expect(cards.nth(0).locator(".option-chip.correct")).to_contain_text("Helsinki")

    form.locator('[name="type"]').select_option("rating")
    form.locator('[name="question"]').fill("How was it?")
    expect(form.locator(".option-input")).to_have_count(0)
    form.locator('button[type="submit"]').click()
    expect(cards).to_have_count(2)
    shot(page, "editor")

    eid = page.url.rsplit("/", 1)[1]
    detail = live_organizer.call("GET", f"/api/v1/events/{eid}").body
    quiz, rating = detail["polls"]
    assert quiz["type"] == "quiz" and quiz["settings"] == {"correct": "o2", "time_limit": 15}
    assert rating["type"] == "rating" and rating["settings"] == {"scale": 5}

    page.click("text=Settings")
    page.uncheck('input[name="moderate_questions"]')
    page.uncheck('input[name="moderate_answers"]')
    page.click('#settings-form button[type="submit"]')
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert live_organizer.call("GET", f"/api/v1/events/{eid}").body["moderation"] is False

    with page.expect_popup() as popup:
        page.locator(".present-link").click()
    screen = popup.value
    expect(screen.locator("#join-code")).to_have_text(detail["code"])
