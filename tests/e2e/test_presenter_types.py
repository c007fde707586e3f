"""On the big screen: a word cloud grows, an NPS gauge moves, a quiz round ends in a leaderboard."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .test_vote_flow import join_link, wait_online


def presenter(open_page, event):
    page = open_page("projector", viewport={"width": 1280, "height": 720}, locale="en-US")
    page.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    wait_online(page)
    return page


def test_word_cloud_and_nps_gauge_appear_live(live_organizer, open_page, shot):
    event = live_organizer.event("Big screen")
    cloud = live_organizer.poll(event["id"], type="wordcloud", question="One word?", options=None)
    nps = live_organizer.poll(event["id"], type="nps", question="Recommend us?", options=None)
    screen = presenter(open_page, event)
    phone = open_page("phone", **PHONE)
    phone.goto(join_link(event))
    wait_online(phone)

    live_organizer.open(cloud["id"])
    inputs = phone.locator(".words-form input")
    inputs.nth(0).fill("Sisu")
    inputs.nth(1).fill("Kahvi")
    phone.locator(".words-form .submit").click()
    canvas = screen.locator("canvas.cloud")
    expect(canvas).to_be_visible()
    expect(screen.locator(".cloud-words li")).to_have_text(["kahvi: 1 time", "sisu: 1 time"], timeout=8000)
    drawn = screen.evaluate("""() => {
        const c = document.querySelector('canvas.cloud');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
        return ink;
    }""")
    assert drawn > 200, "the word cloud canvas has words drawn on it"
    shot(screen, "wordcloud")

    live_organizer.open(nps["id"])
    expect(phone.locator(".scale-button")).to_have_count(11)
    phone.locator('.scale-button[data-score="10"]').click()
    gauge = screen.locator("svg.gauge")
    expect(gauge).to_be_visible()
    expect(gauge).to_have_attribute("aria-label", "NPS +100")
    expect(gauge).to_have_attribute("data-tone", "high")
    expect(screen.locator(".nps-view")).to_contain_text("1")
    shot(screen, "nps")


def test_quiz_round_ends_with_the_leaderboard(live_organizer, open_page, shot):
    event = live_organizer.event("Quiz night")
    quiz = live_organizer.poll(
        event["id"], type="quiz", question="2 + 2?", options=["3", "4", "5"], correct=1, time_limit=30
    )
    screen = presenter(open_page, event)
    players = []
    for name, answer in (("Ada", "o2"), ("Bob", "o1")):
        phone = open_page(f"phone-{name}", **PHONE)
        phone.goto(join_link(event))
        wait_online(phone)
        players.append((phone, name, answer))
    live_organizer.open(quiz["id"])
    for phone, name, answer in players:
        phone.locator(".nickname-form input").fill(name)
        phone.locator(".nickname-form button").click()
        phone.locator(f'button.option[data-option="{answer}"]').click()
        expect(phone.locator('[data-role="status"]')).to_contain_text("Answer locked in")
    shot(screen, "quiz-open")
    live_organizer.call("POST", f"/api/v1/polls/{quiz['id']}/close")
    screen.keyboard.press("l")  # straight to the leaderboard instead of waiting 4 s
    leaders = screen.locator(".leaderboard .leader")
    expect(leaders).to_have_count(2)
    expect(leaders.nth(0).locator(".leader-name")).to_have_text("Ada")
    expect(leaders.nth(1).locator(".leader-name")).to_have_text("Bob")
    expect(leaders.nth(1).locator(".leader-points")).to_contain_text("0")
    shot(screen, "leaderboard")
    ada = players[0][0]
    expect(ada.locator(".quiz-outcome")).to_contain_text("#1")
