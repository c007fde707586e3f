"""The organizer's whole evening in one browser run: prepare, present, watch the results live, take them home."""

import csv
import io
import json
import subprocess
import time

import openpyxl
from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .organizer_pages import sign_in_page
from .test_prepare import LAPTOP, add_poll, questions
from .test_vote_flow import VOTED, assert_not_reloaded, join_link, mark_loaded, wait_online

TITLE = "Autumn all-hands 2026"
QUESTIONS = ["One word for today?", "Best fruit of all?", "Would you recommend us?"]  # after the edit and the move


def settled(read, expected, timeout=5.0):
    """read() once it returns expected (a saved order reaches the server after the page shows it)."""
    deadline = time.monotonic() + timeout
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def download(page, selector, timeout=10_000):
    """The bytes of what the link or button at selector downloads."""
    with page.expect_download(timeout=timeout) as started:
        page.click(selector)
    path = started.value.path()
    return started.value.suggested_filename, path.read_bytes()


def prepare(page):
    """Signs in, creates the event with three polls, edits one and moves one by keyboard; the event's id."""
    page.fill("#new-title", TITLE)
    page.click('#new-event button[type="submit"]')
    page.wait_for_url("**/events/*")
    add_poll(page, "single", "Best fruit?", ["Apple", "Pear", "Plum"])
    add_poll(page, "nps", "Would you recommend us?")
    add_poll(page, "wordcloud", "One word for today?", max_entries=2)

    cards = page.locator("#polls > li")
    cards.nth(0).locator('[data-action="edit"]').click()
    form = cards.nth(0).locator(".poll-edit form")
    form.locator('input[name="question"]').fill("Best fruit of all?")
    form.locator(".option-input").nth(2).fill("Cherry")
    form.locator('button[type="submit"]').click()
    expect(cards.nth(0).locator(".option-chip")).to_have_text(["Apple", "Pear", "Cherry"])

    cards.nth(2).locator('[data-action="handle"]').focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#announcer")).to_have_text("Moved to position 1 of 3.")
    expect(cards.locator(".poll-question")).to_have_text(QUESTIONS)
    return page.url.rsplit("/", 1)[1]


def answer_on_phones(phones, question, answers):
    """Each phone answers the live poll: (kind, what) is ("words", [...]), ("option", text) or ("score", n)."""
    for phone, (kind, what) in zip(phones, answers, strict=True):
        expect(phone.locator('[data-role="question"]')).to_have_text(question)
        if kind == "words":
            for index, word in enumerate(what):
                phone.locator(".words-form input").nth(index).fill(word)
            phone.locator(".words-form .submit").click()
        elif kind == "option":
            phone.locator("button.option", has_text=what).tap()
        else:
            phone.locator(f'.scale-button[data-score="{what}"]').tap()
        expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)


def test_organizer_prepares_presents_follows_and_takes_home(live_organizer, open_page, tmp_path):
    page = open_page("organizer", **LAPTOP)
    sign_in_page(page, live_organizer.email)
    eid = prepare(page)
    assert settled(lambda: questions(live_organizer, eid), QUESTIONS) == QUESTIONS
    polls = live_organizer.call("GET", f"/api/v1/events/{eid}/polls").body["polls"]
    assert [o["text"] for o in polls[1]["options"]] == ["Apple", "Pear", "Cherry"]
    code = live_organizer.call("GET", f"/api/v1/events/{eid}").body["code"]

    # the Present link opens the screen in a new tab, signed in by the same cookie
    with page.expect_popup() as popup:
        page.click(".present-link")
    screen = popup.value
    screen_errors = []
    screen.on("pageerror", lambda error: screen_errors.append(str(error)))
    wait_online(screen)
    expect(screen.locator("#poll-picker option")).to_have_count(3)

    page.goto(f"/events/{eid}/results")
    wait_online(page)
    mark_loaded(page)
    expect(page.locator(".poll-section")).to_have_count(3)
    phones = [open_page(f"phone-{n}", **PHONE) for n in (1, 2)]
    for phone in phones:
        phone.goto(join_link({"code": code}))
        wait_online(phone)

    sections = [page.locator(f'.poll-section[data-poll-id="{p["id"]}"]') for p in polls]
    screen.click("#toggle-open")  # the picker's first poll
    expect(screen.locator("#question")).to_have_text(QUESTIONS[0])
    answer_on_phones(phones, QUESTIONS[0], [("words", ["kahvi", "sisu"]), ("words", ["sisu"])])
    expect(sections[0].locator(".poll-meta")).to_contain_text("2 answered")
    expect(page.locator(".figure-turnout .figure-value")).to_have_text("2")

    screen.keyboard.press("n")
    expect(screen.locator("#question")).to_have_text(QUESTIONS[1])
    answer_on_phones(phones, QUESTIONS[1], [("option", "Apple"), ("option", "Cherry")])
    apple, cherry = polls[1]["options"][0]["id"], polls[1]["options"][2]["id"]
    expect(sections[1].locator(f'.bar-row[data-option="{apple}"]')).to_have_attribute("data-count", "1")
    expect(sections[1].locator(f'.bar-row[data-option="{cherry}"]')).to_have_attribute("data-count", "1")
    expect(screen.locator("#total")).to_have_text("2")

    screen.keyboard.press("n")
    expect(screen.locator("#question")).to_have_text(QUESTIONS[2])
    answer_on_phones(phones, QUESTIONS[2], [("score", 10), ("score", 9)])
    expect(sections[2]).to_contain_text("+100")  # two promoters
    expect(sections[2].locator(".poll-meta")).to_contain_text("2 answered")
    assert_not_reloaded(page)

    # take home: the PDF report and every export hold the evening
    name, pdf = download(page, "#download-pdf", timeout=30_000)  # headless Chromium prints the results page
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF-")
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(text.stdout.split())
    for expected in [TITLE, *QUESTIONS, "+100"]:
        assert expected in flat, expected

    participants = {p: set() for p in ("csv", "xlsx", "json")}
    _, raw = download(page, 'a[href$="format=csv&dialect=en"]')
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted((r["question"], r["answer"]) for r in rows) == sorted(
        [
            (QUESTIONS[0], "kahvi | sisu"),
            (QUESTIONS[0], "sisu"),
            (QUESTIONS[1], "Apple"),
            (QUESTIONS[1], "Cherry"),
            (QUESTIONS[2], "10"),
            (QUESTIONS[2], "9"),
        ]
    )
    participants["csv"] = {r["participant"] for r in rows}

    _, raw = download(page, 'a[href$="format=xlsx"]')
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    assert {"Summary", "Responses"} <= set(book.sheetnames)
    header, *responses = list(book["Responses"].iter_rows(values_only=True))
    assert len(responses) == 6
    participants["xlsx"] = {row[header.index("participant")] for row in responses}

    _, raw = download(page, 'a[href$="format=json"]')
    exported = json.loads(raw)
    assert exported["event"]["title"] == TITLE
    assert [p["question"] for p in exported["polls"]] == QUESTIONS
    assert [len(p["responses"]) for p in exported["polls"]] == [2, 2, 2]
    participants["json"] = {r["participant"] for p in exported["polls"] for r in p["responses"]}

    assert len(participants["csv"]) == 2 and participants["csv"] == participants["xlsx"] == participants["json"]
    assert screen_errors == []
