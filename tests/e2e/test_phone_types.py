"""On the phone, every poll type can be answered by tapping and typing; Q&A travels between phones."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .test_vote_flow import join_link, wait_online

VOTED = "Answer received"


def open_poll(organizer, event, **body):
    poll = organizer.poll(event["id"], **body)
    organizer.open(poll["id"])
    return poll


def expect_voted(page):
    expect(page.locator('[data-role="status"]')).to_contain_text(VOTED)


def test_answering_every_poll_type_on_the_phone(live_organizer, phone, shot):
    event = live_organizer.event("All the types")
    phone.goto(join_link(event))
    wait_online(phone)
    checks = []

    poll = open_poll(live_organizer, event, type="rating", question="Rate the talk", options=None)
    phone.locator('.scale-button[data-score="4"]').click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["counts"]["4"] == 1 and r["mean"] == 4.0))
    shot(phone, "rating")

    poll = open_poll(live_organizer, event, type="nps", question="Recommend us?", options=None)
    expect(phone.locator(".scale-button")).to_have_count(11)
    phone.locator('.scale-button[data-score="9"]').click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["promoters"] == 1 and r["nps"] == 100))

    poll = open_poll(live_organizer, event, type="csat", question="Satisfied?", options=None)
    phone.locator('.scale-button[data-score="2"]').click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["csat"] == 0.0 and r["counts"]["2"] == 1))

    poll = open_poll(live_organizer, event, type="ces", question="Easy?", options=None)
    expect(phone.locator(".scale-button")).to_have_count(7)
    for button in phone.locator(".scale-button").all():
        assert button.bounding_box()["height"] >= 44 and button.bounding_box()["width"] >= 44
    phone.locator('.scale-button[data-score="6"]').click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["mean"] == 6.0))

    poll = open_poll(live_organizer, event, type="wordcloud", question="One word?", options=None)
    inputs = phone.locator(".words-form input")
    expect(inputs).to_have_count(3)
    inputs.nth(0).fill("  Kahvi ")
    inputs.nth(1).fill("KAHVI")
    inputs.nth(2).fill("Sisu")
    phone.locator(".words-form .submit").click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["words"] == {"kahvi": 1, "sisu": 1}))
    shot(phone, "wordcloud")

    poll = open_poll(live_organizer, event, type="open", question="Feedback?", options=None)
    phone.locator(".text-form textarea").fill("<img src=x onerror=alert(1)> more breaks")
    phone.locator(".text-form .submit").click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["total"] == 1))

    poll = open_poll(live_organizer, event, type="ranking", question="Order these", options=["A", "B", "C"])
    submit = phone.locator(".ranking .submit")
    for option_id in ("o3", "o1"):
        phone.locator(f'.rank-option[data-option="{option_id}"]').click()
    expect(submit).to_be_disabled()  # a ranking needs every option
    phone.locator('.rank-option[data-option="o2"]').click()
    expect(phone.locator('.rank-option[data-option="o3"]')).to_have_attribute("data-place", "1")
    phone.keyboard.press("Tab")  # usable by keyboard: the buttons are focusable and pressable
    submit.click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["scores"] == {"o3": 2, "o1": 1, "o2": 0}))
    shot(phone, "ranking")

    poll = open_poll(
        live_organizer, event, type="multiple", question="Pick two", options=["A", "B", "C"], max_choices=2
    )
    for option_id in ("o1", "o2", "o3"):  # the third tap is ignored: at most two
        phone.locator(f'button.option[data-option="{option_id}"]').click()
    expect(phone.locator('button.option[aria-pressed="true"]')).to_have_count(2)
    phone.locator(".options-wrap .submit").click()
    expect_voted(phone)
    checks.append((poll, lambda r: r["counts"] == {"o1": 1, "o2": 1, "o3": 0}))

    for poll, check in checks:
        results = live_organizer.results(poll["id"])
        assert check(results), (poll["type"], results)


def test_quiz_on_the_phone(live_organizer, phone, shot):
    event = live_organizer.event("Quiz night")
    phone.goto(join_link(event))
    wait_online(phone)
    poll = open_poll(
        live_organizer, event, type="quiz", question="2 + 2?", options=["3", "4", "5"], correct=1, time_limit=30
    )
    phone.locator(".nickname-form input").fill("Ada")
    phone.locator(".nickname-form button").click()
    expect(phone.locator(".countdown")).to_be_visible()
    seconds = int(phone.locator(".countdown-seconds").inner_text())
    assert 25 <= seconds <= 30
    phone.locator('button.option[data-option="o2"]').click()
    expect(phone.locator('[data-role="status"]')).to_contain_text("Answer locked in")
    expect(phone.locator('button.option[data-option="o1"]')).to_be_disabled()
    live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    outcome = phone.locator(".quiz-outcome")
    expect(outcome).to_contain_text("Correct!")
    expect(outcome).to_contain_text("#1")
    shot(phone, "quiz-outcome")
    phone.reload()  # a reconnecting phone keeps nickname and points
    expect(phone.locator(".quiz-outcome")).to_contain_text("#1")


def test_question_asked_on_one_phone_appears_on_another(live_organizer, open_page, shot):
    event = live_organizer.event("Town hall")
    live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False})
    asker, reader = open_page("asker", **PHONE), open_page("reader", **PHONE)
    for page in (asker, reader):
        page.goto(join_link(event))
        wait_online(page)
    asker.locator("#qa-text").fill("<b>When</b> is the next release?")
    asker.locator('.ask-form [name="name"]').fill("Ada")
    asker.locator('.ask-form button[type="submit"]').click()
    on_reader = reader.locator(".question-item")
    expect(on_reader).to_have_count(1)
    expect(on_reader.locator(".question-text")).to_have_text("<b>When</b> is the next release?")
    expect(on_reader.locator(".question-meta")).to_have_text("Ada")
    expect(asker.locator(".question-item .question-meta")).to_contain_text("your question")
    reader.locator(".question-item .upvote").click()
    expect(asker.locator(".question-item .upvote")).to_have_text("▲ 1")
    expect(reader.locator(".question-item .upvote")).to_be_disabled()
    shot(reader, "qa")
