"""The thank-you draw: phones that finished a survey hold tickets in finishing order; the projector
draws one with a seed it shows, so anyone can recompute the winner; only the winner's phone says so."""

import hashlib
import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.helpers.api import assert_error
from tests.helpers.browser import PROJECTOR
from tests.helpers.leftovers import keys_mentioning

from .test_accessibility import AUDITED_PHONE, Audit
from .test_vote_flow import join_link, wait_online

SHOTS = Path("/tmp/hk/shots/S5")


def keep(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", animations="disabled")


# Records the draw view's phases as they change, so the roll is seen however fast the page is.
PHASES_SEEN = """() => {
  window.__drawPhases = [];
  const view = document.getElementById("draw-view");
  new MutationObserver(() => window.__drawPhases.push(view.dataset.phase)).observe(view, {
    attributes: true,
    attributeFilter: ["data-phase"],
  });
}"""


def recompute(seed, n):
    """The projector's formula, computed here without the server's code."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{n}".encode()).digest(), "big") % n + 1


def open_survey(organizer, event, title="How was it?"):
    poll = organizer.poll(event["id"], question="Was it worth your evening?", options=("Yes", "Somewhat", "No"))
    reply = organizer.call(
        "POST", f"/api/v1/events/{event['id']}/surveys", json={"title": title, "poll_ids": [poll["id"]]}
    )
    assert reply.status == 201, reply.body
    survey = reply.body
    closes_at = int(time.time() * 1000) + 3_600_000
    opened = organizer.call("POST", f"/api/v1/surveys/{survey['id']}/open", json={"closes_at": closes_at})
    assert opened.status == 200, opened.body
    return survey, poll


def finish_on_phone(open_page, event, name):
    page = open_page(f"phone-{name}", **AUDITED_PHONE)  # axe is added to the page: no CSP
    page.goto(join_link(event))
    wait_online(page)
    page.locator('[data-role="form"] button.option').first.click()
    expect(page.locator('[data-role="next"]')).to_have_text(re.compile("Finish"))
    page.locator('[data-role="next"]').click()
    expect(page.locator('[data-role="survey-thanks"]')).to_be_visible()
    return page


def test_the_projector_draws_a_ticket_anyone_can_recompute_and_only_the_winner_is_told(
    live_organizer, open_page, redis_client
):
    event = live_organizer.event("Spring meetup")
    survey, _ = open_survey(live_organizer, event)
    sid = survey["id"]
    empty = live_organizer.call("POST", f"/api/v1/surveys/{sid}/draw", json={})
    assert_error(empty, 409)
    assert empty.body["error"]["code"] == "no_finishers"

    phones = [finish_on_phone(open_page, event, name) for name in ("ada", "bob", "cy")]  # tickets 1, 2, 3
    seed = next(s for s in (f"{i:04x}" for i in range(100)) if recompute(s, 3) == 2)  # the middle one wins
    screen = open_page("projector", **PROJECTOR, bypass_csp=True)
    screen.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    wait_online(screen)

    screen.locator("#draw").click()
    expect(screen.locator("#draw-survey option")).to_have_text(["How was it? · 3 finished"])
    screen.locator("#draw-seed").fill(seed)
    keep(screen, "projector-draw-dialog")
    audit = Audit()
    audit(screen, "the draw dialog")
    screen.evaluate(PHASES_SEEN)
    screen.locator("#draw-go").click()

    view = screen.locator("#draw-view")
    expect(view).to_be_visible()
    expect(view).to_have_attribute("data-phase", "done")
    assert screen.evaluate("window.__drawPhases") == ["rolling", "done"]  # a visible roll, then the ticket
    expect(screen.locator("#draw-ticket")).to_have_text("2")
    proof = screen.locator("#draw-proof").inner_text()
    assert seed in proof and "n = 3 tickets" in proof
    formula = screen.locator("#draw-formula").inner_text()
    assert 'sha256(f"{seed}:{n}".encode())' in formula
    for name in ("Ada", "Bob", "Cy"):  # never a name
        assert name not in view.inner_text()
    keep(screen, "projector-draw-1280")
    audit(screen, "the winning ticket on the projector")
    screen.set_viewport_size({"width": 1920, "height": 1080})
    keep(screen, "projector-draw-1920")

    ada, bob, cy = phones
    expect(bob.locator("#draw-notice")).to_contain_text("You won! Show this screen to the organizer")
    expect(bob.locator("#draw-notice")).to_contain_text("Your ticket: 2")
    for loser in (ada, cy):
        expect(loser.locator("#draw-notice")).to_contain_text("The winning ticket is 2")
        expect(loser.locator("#draw-notice")).not_to_contain_text("You won")
    keep(bob, "phone-winner")
    keep(ada, "phone-not-winner")
    audit(bob, "the winner's phone")
    audit(ada, "another finisher's phone")
    audit.check()
    bob.reload()
    wait_online(bob)
    expect(bob.locator("#draw-notice")).to_contain_text("You won!")  # still there to show

    # the organizer's API: a random seed by default, every draw kept
    again = live_organizer.call("POST", f"/api/v1/surveys/{sid}/draw", json={})
    assert again.status == 201, again.body
    assert re.fullmatch(r"[0-9a-f]{32}", again.body["seed"]) and again.body["tickets"] == 3
    assert again.body["ticket"] == recompute(again.body["seed"], 3)
    assert "winner" not in again.body
    assert_error(live_organizer.call("POST", f"/api/v1/surveys/{sid}/draw", json={"seed": "not hex"}), 422)
    kept = live_organizer.call("GET", f"/api/v1/surveys/{sid}/draws").body["draws"]
    assert [(d["seed"], d["ticket"]) for d in kept] == [(seed, 2), (again.body["seed"], again.body["ticket"])]

    # erasure takes the draws with the event
    assert keys_mentioning(redis_client, f":draws:{sid}")
    assert live_organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    assert keys_mentioning(redis_client, f":draws:{sid}") == []
    expect(bob.locator("#draw-notice")).to_have_count(0)
