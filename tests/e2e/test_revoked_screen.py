"""A projector whose grant is gone says why and lets go: a rotated presenter link, or the
organizer signing out on the laptop."""

from playwright.sync_api import expect

from .organizer_pages import sign_in_page
from .test_presenter_types import presenter
from .test_vote_flow import wait_online


def test_a_rotated_link_closes_the_projector(live_organizer, open_page):
    event = live_organizer.event("Rotated")
    screen = presenter(open_page, event)
    assert live_organizer.call("POST", f"/api/v1/events/{event['id']}/presenter-key").status == 200
    expect(screen.locator("#question")).to_have_text("This presenter link was revoked.", timeout=3000)


def test_signing_out_on_the_laptop_closes_its_projector(live_organizer, open_page):
    event = live_organizer.event("Signed out")
    laptop = open_page("laptop", locale="en-US")
    sign_in_page(laptop, live_organizer.email)
    screen = laptop.context.new_page()  # the same browser session, as a second window
    screen.goto(f"/events/{event['id']}/present")
    wait_online(screen)
    laptop.get_by_role("button", name="Sign out").click()
    laptop.wait_for_url("**/login")
    expect(screen.locator("#question")).to_have_text("You were signed out: sign in again.", timeout=3000)
    expect(screen.locator("#conn")).to_be_visible()  # the offline banner: nothing more comes
