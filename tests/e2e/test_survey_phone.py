"""A self-paced survey on 390x844 phones: made and opened in the event editor, answered one question at
a time, resumed after a reload, answered offline and sent once, finished with a ticket; an abandoned
phone shows in the results page's completion section."""

import re
import subprocess
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .organizer_pages import sign_in_page
from .test_accessibility import Audit
from .test_offline_phone import outbox_of, wait_offline
from .test_vote_flow import join_link, wait_online

SHOTS = Path("/tmp/hk/shots/S2")
QUESTIONS = (
    ("single", "Which day suited you best?", ("Monday", "Tuesday", "Wednesday"), {}),
    ("rating", "How would you rate the talks?", None, {}),
    ("nps", "Would you recommend the event to a colleague?", None, {}),
    ("open", "What should we improve?", None, {}),
    ("multiple", "Which sessions did you attend?", ("Keynote", "Workshop", "Panel"), {"max_choices": 2}),
)
IN_FINNISH = (
    "Mikä päivä sopi sinulle parhaiten?",
    "Millaisia puheenvuorot olivat?",
    "Suosittelisitko tapahtumaa kollegalle?",
    "Mitä meidän pitäisi parantaa?",
    "Mihin sessioihin osallistuit?",
)
SURVEY_CARD = "#surveys"


def keep(page, name, full=False):
    """A screenshot to look at, beside the test's own artifacts."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=full, animations="disabled")


def make_polls(organizer, event, questions=None):
    return [
        organizer.poll(event["id"], type=kind, question=asked, options=options, **settings)
        for (kind, question, options, settings), asked in zip(
            QUESTIONS, questions or [q[1] for q in QUESTIONS], strict=True
        )
    ]


def progress(phone):
    return phone.locator('[data-role="progress"]')


def status(phone):
    return phone.locator('.survey [data-role="status"]')


def next_button(phone):
    return phone.locator('.survey [data-role="next"]')


def phone_on_survey(open_page, event, label, **options):
    page = open_page(label, **{**PHONE, **options})
    page.goto(join_link(event))
    wait_online(page)
    expect(page.locator(".survey")).to_be_visible()
    return page


def open_survey_in_editor(page, event, polls):
    """Makes the survey from the event's polls in the editor's card and opens it until tomorrow."""
    page.goto(f"/events/{event['id']}")
    card = page.locator(SURVEY_CARD)
    card.locator("summary").click()
    form = card.locator('[data-role="survey-create"]')
    form.locator('input[name="title"]').fill("Feedback on the day")
    for poll in polls:
        form.locator(f'input[name="poll"][value="{poll["id"]}"]').check()
    form.locator('button[type="submit"]').click()
    item = card.locator(".survey-item")
    expect(item).to_have_attribute("data-state", "draft")
    expect(item.locator('[data-role="closes-at"]')).to_have_value(re.compile(r"\d{4}-\d\d-\d\dT\d\d:00"))
    item.locator('[data-action="open"]').click()
    expect(item).to_have_attribute("data-state", "open")
    expect(item.locator(".survey-share input")).to_have_value(re.compile(rf"/j/{event['code']}$"))
    return item


def survey_of(organizer, event):
    reply = organizer.call("GET", f"/api/v1/events/{event['id']}/surveys")
    assert reply.status == 200, reply.body
    (survey,) = reply.body["surveys"]
    return survey


def funnel(organizer, survey):
    reply = organizer.call("GET", f"/api/v1/surveys/{survey['id']}/funnel")
    assert reply.status == 200, reply.body
    return reply.body


def wait_for(check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the server never got there"
        time.sleep(0.1)


@pytest.mark.slow
def test_phone_answers_a_survey_resumes_after_reload_sends_offline_answer_once_and_gets_a_ticket(
    live_server, live_organizer, open_page
):
    event = live_organizer.event("Spring summit")
    single, rating, nps, written, multiple = polls = make_polls(live_organizer, event)
    organizer = open_page("organizer", viewport={"width": 1440, "height": 900})
    sign_in_page(organizer, live_organizer.email)
    open_survey_in_editor(organizer, event, polls)
    survey = survey_of(live_organizer, event)
    keep(organizer, "editor-survey-card", full=True)

    phone = phone_on_survey(open_page, event, "phone")
    expect(phone.locator('[data-role="survey-title"]')).to_have_text("Feedback on the day")
    expect(progress(phone)).to_have_text("Question 1 of 5")
    expect(phone.locator('[data-role="closes"]')).to_have_text(re.compile(r"^Open until .*\d\d:\d\d$"))
    expect(phone.locator('.survey [data-role="back"]')).to_be_disabled()
    expect(next_button(phone)).to_have_text("Skip")  # nothing answered yet
    keep(phone, "phone-en-question-1")
    phone.locator('button.option[data-option="o2"]').click()
    expect(status(phone)).to_have_text("✓ Answer received")
    expect(next_button(phone)).to_have_text("Next")
    next_button(phone).click()

    expect(progress(phone)).to_have_text("Question 2 of 5")
    phone.locator('.scale-button[data-score="4"]').click()
    expect(status(phone)).to_have_text("✓ Answer received")
    keep(phone, "phone-en-question-2")
    next_button(phone).click()
    expect(progress(phone)).to_have_text("Question 3 of 5")
    wait_for(lambda: funnel(live_organizer, survey)["stopped_at"][2]["count"] == 1)

    phone.reload()  # resumes where it left, with its answers
    expect(progress(phone)).to_have_text("Question 3 of 5")
    expect(phone.locator(".survey .question")).to_have_text(QUESTIONS[2][1])
    phone.locator('.survey [data-role="back"]').click()
    expect(progress(phone)).to_have_text("Question 2 of 5")
    expect(phone.locator('.scale-button[data-score="4"]')).to_have_attribute("aria-pressed", "true")
    next_button(phone).click()
    phone.locator('.scale-button[data-score="9"]').click()
    expect(status(phone)).to_have_text("✓ Answer received")
    next_button(phone).click()

    expect(progress(phone)).to_have_text("Question 4 of 5")
    phone.context.set_offline(True)
    wait_offline(phone)
    phone.locator(".text-form textarea").fill("More coffee breaks")
    phone.locator(".text-form .submit").click()
    expect(status(phone)).to_have_text(re.compile("Connection lost|Sending"))
    assert [v["value"] for v in outbox_of(phone)] == ["More coffee breaks"]
    keep(phone, "phone-en-offline")
    assert live_organizer.results(written["id"])["total"] == 0
    phone.context.set_offline(False)
    expect(status(phone)).to_have_text("✓ Answer received", timeout=30_000)
    assert outbox_of(phone) == []
    assert live_organizer.results(written["id"])["total"] == 1  # sent once

    next_button(phone).click()
    expect(progress(phone)).to_have_text("Question 5 of 5")
    expect(next_button(phone)).to_have_text("Skip and finish")
    for option_id in ("o1", "o3"):
        phone.locator(f'.survey button.option[data-option="{option_id}"]').click()
    phone.locator(".survey .submit").click()
    expect(status(phone)).to_have_text("✓ Answer received")
    expect(next_button(phone)).to_have_text("Finish")
    next_button(phone).click()
    thanks = phone.locator('[data-role="survey-thanks"]')
    expect(thanks.locator("h1")).to_have_text("Thank you!")
    expect(thanks.locator(".ticket-number")).to_have_text("1")
    keep(phone, "phone-en-thanks")
    phone.reload()  # finished stays finished, the ticket kept
    expect(phone.locator('[data-role="survey-thanks"] .ticket-number')).to_have_text("1")

    assert live_organizer.results(single["id"])["counts"]["o2"] == 1
    assert live_organizer.results(rating["id"])["total"] == 1
    assert live_organizer.results(nps["id"])["total"] == 1
    assert live_organizer.results(written["id"])["total"] == 1
    assert live_organizer.results(multiple["id"])["total"] == 1

    other = phone_on_survey(open_page, event, "phone-abandons")
    expect(progress(other)).to_have_text("Question 1 of 5")
    other.locator('button.option[data-option="o1"]').click()
    expect(status(other)).to_have_text("✓ Answer received")
    next_button(other).click()
    expect(progress(other)).to_have_text("Question 2 of 5")
    wait_for(lambda: funnel(live_organizer, survey)["started"] == 2)
    other.close()  # gone at question 2

    organizer.goto(f"/events/{event['id']}/results")
    section = organizer.locator("#completion")
    expect(section).to_be_visible()
    expect(section.locator('[data-role="completion-started"]')).to_have_text("2")
    expect(section.locator('[data-role="completion-finished"]')).to_have_text("1")
    expect(section.locator('[data-role="completion-median"]')).not_to_have_text("–")
    expect(section.locator(".stop-row")).to_have_count(5)
    expect(section.locator('.stop-row[data-position="1"]')).to_have_attribute("data-count", "1")
    expect(section.locator('.stop-row[data-position="0"]')).to_have_attribute("data-count", "0")
    section.screenshot(path=SHOTS / "results-completion.png", animations="disabled")

    reply = requests.get(
        f"{live_server.url}/api/v1/events/{event['id']}/report.pdf?lang=en",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=120,
    )
    assert reply.status_code == 200 and reply.content.startswith(b"%PDF-"), reply.text[:300]
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "report.pdf").write_bytes(reply.content)
    printed = subprocess.run(["pdftotext", "-layout", str(SHOTS / "report.pdf"), "-"], capture_output=True, text=True)
    lines = [" ".join(line.split()) for line in printed.stdout.splitlines()]
    assert "Survey completion" in lines, "the PDF has no completion section"
    assert "2. How would you rate the talks? 1" in lines  # the one who stopped at question 2


def test_survey_on_a_finnish_phone_says_when_it_closes_in_finnish_and_passes_axe(live_organizer, open_page):
    audit = Audit()
    event = live_organizer.event("Kevätpäivät")
    live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"})
    polls = make_polls(live_organizer, event, IN_FINNISH)
    reply = live_organizer.call(
        "POST",
        f"/api/v1/events/{event['id']}/surveys",
        json={"title": "Palaute päivästä", "poll_ids": [p["id"] for p in polls]},
    )
    assert reply.status == 201, reply.body
    fi = {"locale": "fi-FI", "timezone_id": "Europe/Helsinki", "bypass_csp": True}  # bypass_csp: for axe
    phone = open_page("phone-fi", **{**PHONE, **fi})
    phone.goto(join_link(event))
    wait_online(phone)
    expect(phone.locator("#waiting")).to_be_visible()

    closes_at = int(time.time() * 1000) + 3 * 3600 * 1000
    opened = live_organizer.call("POST", f"/api/v1/surveys/{reply.body['id']}/open", json={"closes_at": closes_at})
    assert opened.status == 200, opened.body
    expect(phone.locator(".survey")).to_be_visible()  # opened while the phone waited: no reload
    expect(progress(phone)).to_have_text("Kysymys 1/5")
    closes = phone.evaluate(
        "ms => new Intl.DateTimeFormat('fi', {hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).format(ms)",
        closes_at,
    )
    expect(phone.locator('[data-role="closes"]')).to_contain_text(f"klo {closes} asti")
    expect(phone.locator('[data-role="closes"]')).to_contain_text("Avoinna")
    assert re.fullmatch(r"\d\d\.\d\d", closes), closes
    expect(next_button(phone)).to_have_text("Ohita")
    keep(phone, "phone-fi-question-1")
    phone.locator(".survey button.option").first.click()
    expect(status(phone)).to_have_text("✓ Vastaus vastaanotettu")
    expect(next_button(phone)).to_have_text("Seuraava")
    keep(phone, "phone-fi-answered")
    audit(phone, "survey question")
    for n in (2, 3, 4):
        next_button(phone).click()
        expect(progress(phone)).to_have_text(f"Kysymys {n}/5")
    next_button(phone).click()
    expect(progress(phone)).to_have_text("Kysymys 5/5")
    expect(next_button(phone)).to_have_text("Ohita ja lopeta")
    next_button(phone).click()
    expect(phone.locator('[data-role="survey-thanks"] h1')).to_have_text("Kiitos!")
    keep(phone, "phone-fi-thanks")
    audit(phone, "survey thanks")

    organizer = open_page("organizer", viewport={"width": 1280, "height": 800}, bypass_csp=True)
    sign_in_page(organizer, live_organizer.email)
    organizer.goto(f"/events/{event['id']}")
    expect(organizer.locator(f"{SURVEY_CARD} .survey-item")).to_have_attribute("data-state", "open")
    audit(organizer, "editor's survey card")
    organizer.goto(f"/events/{event['id']}/results")
    expect(organizer.locator('#completion [data-role="completion-finished"]')).to_have_text("1")
    audit(organizer, "results' completion")
    audit.check()
