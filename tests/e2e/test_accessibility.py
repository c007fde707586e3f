"""Every page passes axe-core with no serious or critical violation; focus, announcements and motion.

axe-core is vendored under static/vendor/axe-core/ and injected here only; no page loads it. The
contexts bypass the pages' CSP because Playwright injects the script inline.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import PHONE
from tests.helpers.clients import join
from tests.helpers.clips import make_clip

from .organizer_pages import sign_in_page
from .screens import ask
from .test_gallery import send_reaction
from .test_vote_flow import VOTED, join_link, wait_online

AXE = Path(__file__).resolve().parents[2] / "static/vendor/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}
AUDITED_PHONE = {**PHONE, "bypass_csp": True}
AUDITED_LAPTOP = {**LAPTOP, "bypass_csp": True}
TYPES = [  # one poll of each type, as the phone shows its form
    {"type": "single", "question": "Best fruit?", "options": ["Apple", "Pear", "Plum"]},
    {
        "type": "multiple",
        "question": "Which topics?",
        "options": ["AI", "Hiring", "Roadmap"],
        "settings": {"max_choices": 2},
    },
    {"type": "rating", "question": "Rate the talk"},
    {"type": "nps", "question": "Would you recommend us?"},
    {"type": "csat", "question": "How satisfied are you?"},
    {"type": "ces", "question": "How easy was it?"},
    {"type": "wordcloud", "question": "One word for today?"},
    {"type": "open", "question": "Any feedback?"},
    {"type": "ranking", "question": "Rank the sessions", "options": ["Keynote", "Workshops", "Panel"]},
    {"type": "quiz", "question": "Capital of Finland?", "options": ["Turku", "Helsinki"], "settings": {"correct": 1}},
]
ANSWERS = ["o1", ["o1", "o2"], 4, 9, 4, 2, ["kahvi", "sisu"], "More coffee breaks", ["o2", "o1", "o3"], "o2"]


class Audit:
    """Runs axe on a page as it is now; blocking violations are collected and fail the test at its end."""

    def __init__(self):
        self.blocking, self.minor = [], []

    def __call__(self, page, label):
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE))
        options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
        violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
        for violation in violations:
            nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
            why = violation["nodes"][0]["failureSummary"].splitlines()[-1].strip()
            line = f"{label}: [{violation['impact']}] {violation['id']}: {violation['help']} ({nodes}): {why}"
            (self.blocking if violation["impact"] in BLOCKING else self.minor).append(line)

    def check(self):
        if self.minor:
            print("\nminor axe findings (moderate/minor):\n" + "\n".join(self.minor))
        assert not self.blocking, "serious or critical axe violations:\n" + "\n".join(self.blocking)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """A real short video, for a video card in the gallery."""
    return make_clip(tmp_path_factory.mktemp("a11y-clip") / "clip.webm", 2.0, "webm")


@pytest.fixture
def audit():
    """audit(page, label) as often as needed, then audit.check() at the end of the test."""
    return Audit()


def poll_ids(organizer, eid, polls):
    return [organizer.call("POST", f"/api/v1/events/{eid}/polls", json=poll).body["id"] for poll in polls]


def test_start_sign_in_and_error_pages(open_page, audit, shot):
    phone = open_page("start", **AUDITED_PHONE)
    phone.goto("/")
    audit(phone, "start")
    shot(phone, "home")
    phone.goto("/join?code=ZZZZZZ")
    audit(phone, "start with a wrong code")
    phone.goto("/j/ZZZZZZ")
    audit(phone, "error page")
    laptop = open_page("login", **AUDITED_LAPTOP)
    laptop.goto("/login")
    audit(laptop, "sign-in")
    laptop.fill('input[name="email"]', "nobody@example.org")
    laptop.fill('input[name="password"]', "wrong")
    laptop.click('button[type="submit"]')
    expect(laptop.locator(".error")).to_be_visible()
    audit(laptop, "sign-in refused")
    audit.check()


def test_phone_in_every_state(live_organizer, open_page, audit):
    event = live_organizer.event("Spring all-hands")
    eid = event["id"]
    ids = poll_ids(live_organizer, eid, TYPES)
    phone = open_page("phone", **AUDITED_PHONE)
    phone.goto(join_link(event))
    wait_online(phone)
    audit(phone, "phone waiting")

    for poll, pid in zip(TYPES, ids, strict=True):
        live_organizer.open(pid)
        expect(phone.locator('[data-role="question"]')).to_have_text(poll["question"])
        if poll["type"] == "quiz":
            audit(phone, "phone quiz nickname")
            phone.locator(".nickname-form input").fill("Ada")
            phone.locator(".nickname-form button").click()
            expect(phone.locator("button.option")).to_have_count(2)
        audit(phone, f"phone {poll['type']} form")

    live_organizer.open(ids[0])
    expect(phone.locator('[data-role="question"]')).to_have_text("Best fruit?")
    phone.locator("button.option").first.tap()
    expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)
    audit(phone, "phone voted")
    live_organizer.call("POST", f"/api/v1/polls/{ids[0]}/reveal", json={"revealed": True})
    live_organizer.call("POST", f"/api/v1/polls/{ids[0]}/close")
    expect(phone.locator('[data-role="results"]')).to_be_visible()
    audit(phone, "phone results revealed, poll closed")

    phone.locator("#qa-text").fill("When is the next all-hands?")
    phone.locator(".ask-form button[type=submit]").click()
    expect(phone.locator(".question-list li")).to_have_count(1)
    audit(phone, "phone Q&A")

    live_organizer.call("POST", f"/api/v1/events/{eid}/reactions/open")
    panel = phone.locator("#reactions")
    expect(panel.get_by_role("button", name="Write instead")).to_be_visible()
    audit(phone, "phone reactions invitation")
    panel.get_by_role("button", name="Record a video").click()
    expect(panel.locator('input[name="agree"]')).to_be_visible()
    audit(phone, "phone reactions consent")
    panel.get_by_role("button", name="Cancel").click()
    panel.get_by_role("button", name="Write instead").click()
    expect(panel.locator("textarea")).to_be_visible()
    audit(phone, "phone reactions text")
    audit.check()


def voted_event(live_server, organizer):
    """An event with a poll of each type, each answered once, and a question: what the screens draw."""
    event = organizer.event("Spring all-hands")
    ids = poll_ids(organizer, event["id"], TYPES)
    participant = live_server.http()
    token = join(participant, event["code"], nickname="Ada")
    for pid, value in zip(ids, ANSWERS, strict=True):
        organizer.open(pid)
        body = {"value": value, "client_vote_id": f"v-{pid}"}
        reply = participant.request(
            "POST", f"/api/v1/polls/{pid}/votes", json=body, headers={"X-Participant-Token": token}
        )
        assert reply.status == 200, reply.body
    organizer.call("POST", f"/api/v1/polls/{ids[-1]}/close")
    ask(live_server.url, event["code"], token, "When is the next all-hands?", name="Ada")
    return event, ids, participant, token


def test_presenter_screen(live_server, live_organizer, open_page, audit, shot):
    event, ids, _, _ = voted_event(live_server, live_organizer)
    screen = open_page("screen", **AUDITED_LAPTOP)
    screen.goto(event["presenter_url"])
    wait_online(screen)
    expect(screen.locator(".quiz-bars .bar-row.wrong")).to_have_count(1)
    audit(screen, "presenter, quiz closed")
    shot(screen, "quiz-closed")
    screen.keyboard.press("l")
    expect(screen.locator(".leaderboard")).to_be_visible()
    audit(screen, "presenter quiz leaderboard")
    for poll, pid in zip(TYPES, ids, strict=True):
        live_organizer.open(pid)
        expect(screen.locator("#question")).to_have_text(poll["question"])
        expect(screen.locator("#total")).to_have_text("1")
        audit(screen, f"presenter {poll['type']}")

    live_organizer.open(ids[7])  # the open answers, moderated: the moderator console lists them
    console = open_page("console", **AUDITED_PHONE)
    console.goto(event["presenter_url"] + "/moderate")
    wait_online(console)
    expect(console.locator("#pending-answers .mod-item")).to_have_count(1)
    expect(console.locator("#pending-questions .mod-item")).to_have_count(1)
    audit(console, "moderator console, pending")
    console.locator("#pending-questions").get_by_role("button", name="Approve").click()
    console.locator("#pending-answers").get_by_role("button", name="Approve").click()
    for summary in console.locator(".console-done summary").all():
        summary.click()  # what was handled, opened
    console.locator("#done-questions").get_by_role("button", name="Show on screen").click()
    expect(console.locator("#done-questions .mod-item")).to_contain_text("on screen")
    audit(console, "moderator console, approved")
    screen.keyboard.press("a")
    expect(screen.locator("#qa-list li")).to_have_count(1)
    audit(screen, "presenter Q&A view")
    audit.check()


def test_organizer_pages(live_server, live_organizer, open_page, audit, clip, shot):
    event, _, participant, token = voted_event(live_server, live_organizer)
    eid = event["id"]
    live_organizer.call("POST", f"/api/v1/events/{eid}/reactions/open")
    send_reaction(participant, event["code"], token, text="Great talk")
    send_reaction(participant, event["code"], token, text="Loved it", clip=clip)

    page = open_page("organizer", **AUDITED_LAPTOP)
    sign_in_page(page, live_organizer.email)
    expect(page.locator("article.event")).to_have_count(1)
    audit(page, "events list")
    page.goto(f"/events/{eid}")
    expect(page.locator("#polls > li")).to_have_count(len(TYPES))
    audit(page, "event editor")
    page.locator("#add-poll select").select_option("quiz")
    audit(page, "event editor, add-poll form for a quiz")
    page.locator("#polls > li").nth(1).locator('[data-action="edit"]').click()
    audit(page, "event editor, editing a poll")
    page.goto(f"/events/{eid}/settings")
    audit(page, "settings")
    page.goto(f"/events/{eid}/results")
    wait_online(page)
    expect(page.locator(".poll-section")).to_have_count(len(TYPES))
    audit(page, "results page")
    shot(page, "results")
    page.goto(f"/events/{eid}/reactions")
    expect(page.locator("li.reaction")).to_have_count(2)
    audit(page, "reactions gallery")
    audit.check()
