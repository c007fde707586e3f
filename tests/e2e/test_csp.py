"""The Content-Security-Policy breaks nothing: every page, driven through its features, reports zero violations."""

import re

from playwright.sync_api import expect

from tests.helpers.browser import PHONE, PROJECTOR

from .test_gallery import DESKTOP, plays, sign_in_page
from .test_vote_flow import join_link, option, wait_online

# Runs before any script of the page: a violation anywhere in the document is kept.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watched(open_page, label, **options):
    """A page whose CSP violations (events and Chromium's console reports) and WebSockets are recorded.

    Under this policy Playwright's wait_for_function takes a function, never an expression string:
    an expression is run with eval, which the page's CSP refuses (and reports).
    """
    page = open_page(label, **options)
    page.add_init_script(WATCH)
    page.console_reports = []
    page.sockets = []
    page.on(
        "console",
        lambda m: m.type == "error" and "Content Security Policy" in m.text and page.console_reports.append(m.text),
    )
    page.on("websocket", lambda ws: page.sockets.append(ws.url))
    return page


def assert_no_violations(page):
    violations = page.evaluate("window.__cspViolations") + page.console_reports
    assert violations == [], f"{page.url}: {violations}"


def test_no_page_breaks_the_content_security_policy(live_organizer, open_page, shot):
    event = live_organizer.event("Policy check")
    eid = event["id"]
    single = live_organizer.poll(eid, question="Best fruit?", options=("Apple", "Pear"))
    cloud = live_organizer.poll(eid, type="wordcloud", question="One word?", options=None)
    live_organizer.call("PATCH", f"/api/v1/events/{eid}", json={"reaction_limit": 15})

    projector = watched(open_page, "projector", **PROJECTOR)
    response = projector.goto(event["presenter_url"])
    assert "frame-ancestors" in response.headers["content-security-policy"]
    wait_online(projector)

    phone = watched(open_page, "phone", **PHONE)
    response = phone.goto(join_link(event))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    wait_online(phone)
    live_organizer.open(single["id"])
    option(phone, single["options"][0]["id"]).tap()
    expect(phone.locator('[data-role="status"]')).to_have_text("✓ Answer received")
    live_organizer.call("POST", f"/api/v1/polls/{single['id']}/reveal", json={"revealed": True})
    expect(phone.locator(".bars .bar-row")).to_have_count(2)

    live_organizer.open(cloud["id"])
    phone.locator(".words-form input").nth(0).fill("Sisu")
    phone.locator(".words-form .submit").click()
    expect(projector.locator(".cloud-words li")).to_have_text(["sisu: 1 time"], timeout=8000)

    live_organizer.call("POST", f"/api/v1/events/{eid}/reactions/open")
    panel = phone.locator("#reactions")
    panel.get_by_role("button", name="Record a video").click()
    panel.locator('input[name="agree"]').check()
    panel.get_by_role("button", name="Continue").click()
    phone.wait_for_function("() => document.querySelector('video.camera')?.readyState >= 2")
    panel.get_by_role("button", name="Start recording").click()
    expect(panel.locator(".rec-time")).to_contain_text("0:02 / 0:15", timeout=5000)
    panel.get_by_role("button", name="Stop").click()
    preview = panel.locator("video.camera[controls]")
    expect(preview).to_be_visible()
    phone.wait_for_function("() => document.querySelector('video.camera[controls]').readyState >= 1")
    panel.get_by_role("button", name="Send").click()
    expect(panel).to_contain_text("Thank you! Your reaction was sent.", timeout=15000)
    shot(phone, "after-recording")

    organizer = watched(open_page, "organizer", **DESKTOP)
    sign_in_page(organizer, live_organizer.email)
    organizer.fill('#new-event input[name="title"]', "Made on the dashboard")
    with organizer.expect_response(lambda r: r.url.endswith("/api/v1/events") and r.request.method == "POST") as made:
        organizer.click('#new-event button[type="submit"]')
    assert made.value.status == 201  # the page's own fetch passes the Origin check
    # The dashboard then opens the new event itself: let that navigation end before ours begins
    # (under load it could still be going and abort the next goto).
    organizer.wait_for_url(re.compile(r"/events/[A-Za-z0-9_-]+$"))
    organizer.wait_for_load_state("load")
    for path in (f"/events/{eid}", f"/events/{eid}/settings", f"/events/{eid}/results"):
        assert organizer.goto(path).status == 200, path
        organizer.wait_for_load_state("networkidle")
        shot(organizer, path.rsplit("/", 1)[1])
    organizer.goto(f"/events/{eid}/present")
    wait_online(organizer)
    expect(organizer.locator(".cloud-words li")).to_have_count(1)
    organizer.goto(f"/events/{eid}/reactions")
    card = organizer.locator(".video-card")
    expect(card).to_have_count(1)
    organizer.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=card.locator("img.poster").element_handle()
    )
    card.locator(".poster-button").click()
    assert plays(card.locator("video"))
    shot(organizer, "gallery-playing")

    for page in (projector, phone, organizer):
        assert_no_violations(page)
        # connect-src 'self' allows the same-origin WebSocket: Socket.IO upgraded instead of falling back
        assert any(url.startswith("ws://127.0.0.1") and "/socket.io/" in url for url in page.sockets), page.sockets


def test_a_violation_would_be_seen(live_server, open_page):
    """The watch itself works: inline script on our page is refused and reported."""
    page = watched(open_page, "probe", **DESKTOP)
    page.goto("/login")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.ran = 1"; document.body.append(s); }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.ran") is None
    assert "script-src" in page.evaluate("window.__cspViolations")[0]
