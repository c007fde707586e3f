"""The quiz as players live it: a lobby before the clock, a reset that reaches every phone, the
right answer standing out on the phone."""

import uuid
from pathlib import Path

from playwright.sync_api import expect

from tests.helpers.browser import PHONE
from tests.helpers.clients import join, vote_over_http

from .test_presenter_types import presenter
from .test_vote_flow import join_link, wait_online

SHOTS = Path("/tmp/hk/shots/G")
GREEN = "rgb(11, 122, 69)"


def keep(page, name):
    """A screenshot to look at, beside the test's own artifacts."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", animations="disabled")


def quiz(organizer, event, question="Capital of Finland?"):
    return organizer.poll(
        event["id"], type="quiz", question=question, options=["Turku", "Helsinki", "Tampere"], correct=1, time_limit=30
    )


def phone_of(open_page, event, name, **options):
    page = open_page(f"phone-{name}", **{**PHONE, **options})
    page.goto(join_link(event))
    wait_online(page)
    return page


def pick_nickname(phone, name):
    phone.locator(".nickname-form input").fill(name)
    phone.locator(".nickname-form button").click()


def answer(phone, option):
    phone.locator(f'button.option[data-option="{option}"]').click()
    expect(phone.locator('[data-role="status"]')).to_contain_text("Answer locked in")


def leaders(organizer, poll):
    return {row["nickname"]: row["points"] for row in organizer.results(poll["id"])["leaderboard"]}


def test_the_lobby_gathers_players_before_the_clock_starts(live_organizer, open_page):
    event = live_organizer.event("Quiz night")
    question = quiz(live_organizer, event)
    screen = presenter(open_page, event)
    screen.set_viewport_size({"width": 1920, "height": 1080})
    ada, bob = (phone_of(open_page, event, name) for name in ("Ada", "Bob"))

    screen.locator("#poll-picker").select_option(question["id"])
    screen.locator("#lobby").click()
    lobby = screen.locator(".quiz-lobby")
    expect(lobby).to_be_visible()
    expect(lobby.locator(".lobby-count")).to_have_text("0 players are in")
    expect(screen.locator("#question")).to_be_hidden()  # the question stays unseen until it starts
    expect(screen.locator("#toggle-open")).to_have_text("Start the question")

    expect(ada.locator(".nickname-form")).to_be_visible()
    expect(ada.locator('[data-role="countdown"]')).to_be_hidden()
    expect(ada.locator('[data-role="question"]')).to_be_hidden()
    keep(ada, "phone-lobby-nickname")
    pick_nickname(ada, "Ada")
    expect(ada.locator(".quiz-lobby-note")).to_be_visible()
    expect(ada.locator(".quiz-options")).to_be_hidden()
    expect(lobby.locator(".lobby-count")).to_have_text("1 player is in")
    pick_nickname(bob, "Bob")
    expect(lobby.locator(".lobby-count")).to_have_text("2 players are in")
    expect(lobby.locator(".lobby-name")).to_have_text(["Ada", "Bob"])
    keep(ada, "phone-lobby-in")
    keep(screen, "screen-lobby-1920")
    screen.set_viewport_size({"width": 1280, "height": 720})
    keep(screen, "screen-lobby-1280")

    # no clock runs in the lobby: the server holds no closing time and refuses answers
    polled = live_organizer.call("GET", f"/api/v1/polls/{question['id']}").body
    assert polled["state"] == "lobby" and polled["remaining_ms"] is None
    expect(ada.locator('[data-role="countdown"]')).to_be_hidden()

    screen.locator("#toggle-open").click()
    for phone in (ada, bob):
        expect(phone.locator('[data-role="countdown"]')).to_be_visible()
        assert int(phone.locator(".countdown-seconds").inner_text()) >= 25
    expect(screen.locator(".quiz-live")).to_be_visible()
    expect(screen.locator(".quiz-lobby")).to_be_hidden()
    answer(ada, "o2")
    answer(bob, "o1")
    live_organizer.call("POST", f"/api/v1/polls/{question['id']}/close")
    board = leaders(live_organizer, question)
    assert board["Ada"] > 0 and board["Bob"] == 0, board  # a nickname given in the lobby scores


def test_a_reset_question_reaches_every_phone_and_leaves_no_ghost_players(live_organizer, live_server, open_page):
    event = live_organizer.event("Quiz night")
    first, second = quiz(live_organizer, event), quiz(live_organizer, event, "Capital of Sweden?")
    ada, bob = (phone_of(open_page, event, name) for name in ("Ada", "Bob"))
    http = live_server.http()
    cy = join(http, event["code"], nickname="Cy")  # a player who answers only the question reset

    live_organizer.open(first["id"])
    pick_nickname(ada, "Ada")
    answer(ada, "o1")  # wrong: Ada has 0 points, but she played
    live_organizer.call("POST", f"/api/v1/polls/{first['id']}/close")

    live_organizer.open(second["id"])
    expect(bob.locator('[data-role="question"]')).to_have_text("Capital of Sweden?")  # its own nickname form
    pick_nickname(bob, "Bob")
    answer(ada, "o1")
    answer(bob, "o2")
    vote_over_http(http, second["id"], cy, "o2", uuid.uuid4().hex)
    live_organizer.call("POST", f"/api/v1/polls/{second['id']}/close")
    right = ada.locator('button.option[data-option="o2"]')
    expect(right).to_contain_text("✓ Right answer", use_inner_text=True)
    expect(right).to_have_css("background-color", GREEN)
    expect(right).to_have_css("opacity", "1")
    assert set(leaders(live_organizer, second)) == {"Ada", "Bob", "Cy"}

    reply = live_organizer.call("POST", f"/api/v1/polls/{second['id']}/reset", json={"confirm": True})
    assert reply.status == 200, reply.body
    live_organizer.open(second["id"])
    for phone in (ada, bob):
        for option in ("o1", "o2", "o3"):
            expect(phone.locator(f'button.option[data-option="{option}"]')).to_be_enabled()
        expect(phone.locator('[data-role="status"]')).not_to_contain_text("locked")
        expect(phone.locator(".right-mark")).to_have_count(3)
        expect(phone.locator(".option.correct")).to_have_count(0)
    keep(bob, "phone-after-reset")
    answer(bob, "o2")
    live_organizer.call("POST", f"/api/v1/polls/{second['id']}/close")
    board = leaders(live_organizer, second)
    assert set(board) == {"Ada", "Bob"} and board["Ada"] == 0 and board["Bob"] > 0, board


def test_the_right_answer_stands_out_on_a_finnish_phone(live_organizer, open_page):
    event = live_organizer.event("Visailta")
    question = quiz(live_organizer, event)
    phone = phone_of(open_page, event, "Aino", locale="fi-FI")
    live_organizer.open(question["id"])
    pick_nickname(phone, "Aino")
    phone.locator('button.option[data-option="o3"]').click()
    expect(phone.locator('button.option[data-option="o3"]')).to_be_disabled()
    live_organizer.call("POST", f"/api/v1/polls/{question['id']}/close")
    right = phone.locator('button.option[data-option="o2"]')
    expect(right).to_contain_text("✓ Oikea vastaus", use_inner_text=True)
    expect(right).to_have_css("background-color", GREEN)
    expect(right).to_have_css("opacity", "1")
    faded = phone.locator('button.option[data-option="o1"]')  # neither chosen nor right: faded, no words
    expect(faded).to_have_css("opacity", "0.45")
    expect(faded).not_to_contain_text("Oikea vastaus", use_inner_text=True)
    keep(phone, "phone-right-answer-fi")
