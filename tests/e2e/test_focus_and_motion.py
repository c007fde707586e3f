"""The phone moves focus to a new poll and speaks through one small live region; motion follows the
reduced-motion setting on every page."""

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import PHONE
from tests.helpers.clients import join

from .organizer_pages import sign_in_page
from .test_accessibility import LAPTOP, TYPES, poll_ids
from .test_vote_flow import join_link, wait_online


def live_regions(page):
    """The ids (or classes) of the page's live regions, polite or assertive."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role=status], [role=log]')]
            .map(node => node.id || node.className)"""
    )


def test_phone_focus_follows_the_new_poll_and_one_small_region_speaks(live_organizer, open_page):
    event = live_organizer.event("Spring all-hands")
    fruit, nps, words = poll_ids(live_organizer, event["id"], [TYPES[0], TYPES[3], TYPES[6]])
    phone = open_page("phone", **PHONE)
    phone.goto(join_link(event))
    wait_online(phone)
    # the poll card and the reactions panel are not live regions: they would be read whole again
    assert sorted(live_regions(phone)) == ["announcer", "conn"]
    announcer = phone.locator("#announcer")
    question = phone.locator('[data-role="question"]')

    live_organizer.open(fruit)
    expect(question).to_have_text("Best fruit?")
    expect(question).to_be_focused()
    expect(question).to_have_attribute("tabindex", "-1")
    expect(announcer).to_have_text("New poll: Best fruit?")
    phone.locator("button.option").first.tap()
    expect(announcer).to_have_text("Answer received")
    live_organizer.call("POST", f"/api/v1/polls/{fruit}/close")
    expect(announcer).to_have_text("Voting is closed")

    live_organizer.open(nps)
    expect(question).to_have_text("Would you recommend us?")
    expect(question).to_be_focused()
    expect(announcer).to_have_text("New poll: Would you recommend us?")
    phone.locator('.scale-button[data-score="9"]').tap()
    expect(announcer).to_have_text("Answer received")
    assert sorted(live_regions(phone)) == ["announcer", "conn"]

    # someone typing a question keeps their place; the region alone says a poll arrived
    phone.locator("#qa-text").type("Where are the slides?")
    live_organizer.open(words)
    expect(announcer).to_have_text("New poll: One word for today?")
    expect(phone.locator("#qa-text")).to_be_focused()
    expect(phone.locator("#qa-text")).to_have_value("Where are the slides?")


MOTION_COUNTER = """
window.__motion = { css: 0, scripted: 0 };
for (const name of ["transitionrun", "animationstart"]) {
  document.addEventListener(name, () => { window.__motion.css += 1; }, true);
}
const animate = Element.prototype.animate;
Element.prototype.animate = function (...args) { window.__motion.scripted += 1; return animate.apply(this, args); };
"""
STILL = """() => {
  const moving = [];
  for (const node of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(node, pseudo);
      const durations = style.transitionDuration.split(",").map(parseFloat);
      if (durations.some(d => d > 0) || style.animationName !== "none") {
        moving.push(`${node.tagName.toLowerCase()}.${node.className}${pseudo || ""}`);
      }
    }
  }
  return moving;
}"""


def motion(page):
    return page.evaluate("() => window.__motion")


@pytest.mark.parametrize("preference", ["reduce", "no-preference"])
def test_motion_follows_the_reduced_motion_setting(live_server, live_organizer, open_page, preference):
    """With reduce: no CSS transition or animation anywhere, no FLIP; without it they do run (so the check bites)."""
    event = live_organizer.event("Spring all-hands")
    ranking = live_organizer.poll(
        event["id"], type="ranking", question="Rank the fruits", options=("Apple", "Pear", "Plum")
    )
    participant = live_server.http()
    token = join(participant, event["code"])
    reduced = preference == "reduce"
    phone = open_page("phone", **PHONE, reduced_motion=preference)
    phone.add_init_script(MOTION_COUNTER)
    phone.goto(join_link(event))
    wait_online(phone)
    screen = open_page("screen", **LAPTOP, reduced_motion=preference)
    screen.add_init_script(MOTION_COUNTER)
    screen.goto(event["presenter_url"])
    wait_online(screen)

    live_organizer.open(ranking["id"])
    expect(screen.locator("#question")).to_have_text("Rank the fruits")
    expect(phone.locator('[data-role="question"]')).to_have_text("Rank the fruits")
    assert (phone.evaluate(STILL) == []) is reduced
    assert (screen.evaluate(STILL) == []) is reduced
    # Plum ranked first moves to the top of the screen's bars: a FLIP move and eased widths
    headers = {"X-Participant-Token": token}
    body = {"value": ["o3", "o1", "o2"], "client_vote_id": "v-rank"}
    assert participant.request("POST", f"/api/v1/polls/{ranking['id']}/votes", json=body, headers=headers).status == 200
    expect(screen.locator("#chart .bar-row").first).to_have_attribute("data-option", "o3")
    expect(screen.locator("#total")).to_have_text("1")
    screen.wait_for_timeout(100)
    moved = motion(screen)
    if reduced:
        assert moved == {"css": 0, "scripted": 0}
    else:
        assert moved["css"] > 0 and moved["scripted"] > 0

    page = open_page("organizer", **LAPTOP, reduced_motion=preference)
    sign_in_page(page, live_organizer.email)
    for path in (f"/events/{event['id']}", f"/events/{event['id']}/results", f"/events/{event['id']}/reactions"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if reduced:
            assert page.evaluate(STILL) == [], path
