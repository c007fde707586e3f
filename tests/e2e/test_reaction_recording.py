"""A phone records a real clip through the page (Chromium's fake camera), uploads it, and the organizer sees it."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .test_vote_flow import join_link, wait_online


def test_phone_records_and_uploads_a_video_reaction(live_organizer, open_page, shot):
    event = live_organizer.event("Closing keynote")
    live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"reaction_limit": 15})
    phone = open_page("phone", **PHONE)
    phone.goto(join_link(event))
    wait_online(phone)
    panel = phone.locator("#reactions")
    expect(panel).to_be_hidden()

    live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")  # phones hear it at once
    expect(panel).to_contain_text("Record a short video (up to 15 seconds)")
    shot(phone, "invitation")
    panel.get_by_role("button", name="Record a video").click()

    expect(panel).to_contain_text("organizers of “Closing keynote” only")
    expect(panel).to_contain_text("kept for 30 days")
    shot(phone, "consent")
    continue_button = panel.get_by_role("button", name="Continue")
    expect(continue_button).to_be_disabled()  # no recording before consent
    panel.locator('input[name="agree"]').check()
    continue_button.click()

    camera = panel.locator("video.camera")
    expect(camera).to_be_visible()
    phone.wait_for_function(
        "() => document.querySelector('video.camera').readyState >= 2"
    )  # a function: CSP forbids eval
    panel.get_by_role("button", name="Start recording").click()
    expect(panel.locator(".rec-time")).to_contain_text("0:02 / 0:15", timeout=5000)
    shot(phone, "recording")
    panel.get_by_role("button", name="Stop").click()

    expect(panel.locator("video.camera[controls]")).to_be_visible()
    panel.locator("textarea").fill("Loved the <live> demo")
    panel.get_by_role("button", name="Send").click()
    expect(panel).to_contain_text("Thank you! Your reaction was sent.", timeout=15000)
    shot(phone, "sent")

    listed = live_organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"]
    assert len(listed) == 1
    reaction = listed[0]
    assert reaction["kind"] == "video" and reaction["mime"] == "video/webm"
    # the page's clock said 0:02; a loaded machine starts the recorder late, so the clip may be shorter
    assert 1.0 <= reaction["duration"] <= 6 and reaction["text"] == "Loved the <live> demo"

    expect(panel.locator(".my-reactions li")).to_have_count(1)
    phone.once("dialog", lambda dialog: dialog.accept())
    panel.locator(".my-reactions").get_by_role("button", name="Delete").click()
    expect(panel.locator(".my-reactions li")).to_have_count(0)
    assert live_organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"] == []


def test_text_reaction_from_a_phone_without_camera(live_organizer, phone):
    event = live_organizer.event("Workshop")
    live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    phone.goto(join_link(event))
    panel = phone.locator("#reactions")
    panel.get_by_role("button", name="Write instead").click()
    panel.locator("textarea").fill("Great workshop, thanks!")
    panel.get_by_role("button", name="Send").click()
    expect(panel).to_contain_text("Thank you!")
    listed = live_organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"]
    assert [(r["kind"], r["text"]) for r in listed] == [("text", "Great workshop, thanks!")]
