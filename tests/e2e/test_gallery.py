"""The organizer's reactions gallery: real clips as posters that play, moderation, filters, the ZIP."""

import pytest
from playwright.sync_api import expect

from tests.helpers.api import sign_in
from tests.helpers.clients import join
from tests.helpers.clips import make_clip

from .organizer_pages import sign_in_page

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}
TRICKY_TEXT = "Loved the demo <b>not bold</b> & more"


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gallery-clips")
    return {"webm": make_clip(folder / "clip.webm", 3.0, "webm"), "mp4": make_clip(folder / "clip.mp4", 2.0, "mp4")}


def send_reaction(participant, code, token, text=None, clip=None):
    """A participant's multipart upload, as the phone page sends it."""
    files = {"video": (clip.name, clip.read_bytes(), f"video/{clip.suffix[1:]}")} if clip else None
    form = {"consent": "true" if clip else "false", **({"text": text} if text else {})}
    reply = participant.session.post(
        f"{participant.base}/api/v1/join/{code}/reactions",
        data=form,
        files=files,
        headers={"X-Participant-Token": token},
        timeout=30,
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


def plays(video):
    """True once the <video> has a decoded frame and its clock moves."""
    video.wait_for(state="attached")
    video.page.wait_for_function(
        "v => v.readyState >= 2 && v.currentTime > 0 && !v.error", arg=video.element_handle(), timeout=8_000
    )
    return True


def test_gallery_shows_plays_and_moderates_reactions(live_server, live_organizer, open_page, clips, shot):
    event = live_organizer.event("Closing keynote")
    assert live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").body["open"] is True
    participant = live_server.http()
    token = join(participant, event["code"])
    webm = send_reaction(participant, event["code"], token, "Great talk!", clips["webm"])
    mp4 = send_reaction(participant, event["code"], token, clip=clips["mp4"])
    text = send_reaction(participant, event["code"], token, TRICKY_TEXT)

    page = open_page("gallery", **DESKTOP)
    sign_in_page(page, live_organizer.email)
    page.locator(f'article.event[data-event-id="{event["id"]}"] [data-role="reactions"]').click()
    page.wait_for_url(f"**/events/{event['id']}/reactions")

    expect(page.locator("#state-text")).to_have_text("Reactions are open")
    expect(page.locator("#limits")).to_have_text("Videos up to 60 seconds · kept for 30 days")
    cards = page.locator(".video-card")
    expect(cards).to_have_count(2)
    for reaction, duration in ((webm, "0:03"), (mp4, "0:02")):
        card = page.locator(f'.video-card[data-reaction-id="{reaction["id"]}"]')
        expect(card.locator(".duration")).to_have_text(duration)
        expect(card.locator(".status-badge")).to_have_text("Pending")
        poster = card.locator("img.poster")
        expect(poster).to_have_attribute("src", f"/api/v1/events/{event['id']}/reactions/{reaction['id']}/poster.jpg")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=poster.element_handle())
    webm_card = page.locator(f'.video-card[data-reaction-id="{webm["id"]}"]')
    expect(webm_card.locator(".reaction-text")).to_have_text("Great talk!")
    texts = page.locator(".text-card")
    expect(texts).to_have_count(1)
    expect(texts.locator(".reaction-text")).to_have_text(TRICKY_TEXT)  # shown as text, never parsed
    assert texts.locator("b").count() == 0
    zip_link = page.locator("#download")
    expect(zip_link).to_have_attribute("href", f"/api/v1/events/{event['id']}/reactions.zip")
    download = page.request.get(zip_link.get_attribute("href"))
    assert download.status == 200 and download.headers["content-type"] == "application/zip"
    assert download.body()[:2] == b"PK"
    shot(page, "posters")

    for reaction in (webm, mp4):  # both containers play in place of their poster
        card = page.locator(f'.video-card[data-reaction-id="{reaction["id"]}"]')
        card.locator(".poster-button").click()
        video = card.locator("video")
        expect(video).to_have_attribute("src", f"/api/v1/events/{event['id']}/reactions/{reaction['id']}/video")
        assert video.get_attribute("poster").endswith("/poster.jpg")
        assert plays(video)
        expect(card.locator("img.poster")).to_have_count(0)
        video.evaluate("v => v.pause()")
    shot(page, "playing")

    webm_card.get_by_role("button", name="Approve").click()
    expect(webm_card.locator(".status-badge")).to_have_text("Approved")
    listed = live_organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"]
    assert {r["id"]: r["status"] for r in listed} == {
        webm["id"]: "approved",
        mp4["id"]: "pending",
        text["id"]: "pending",
    }
    expect(webm_card.locator("video")).to_have_count(1)  # moderating does not reset a played video
    texts.get_by_role("button", name="Reject").click()
    expect(texts.locator(".status-badge")).to_have_text("Rejected")

    page.click('[data-filter="approved"]')
    expect(cards).to_have_count(1)
    expect(texts).to_have_count(0)
    expect(page.locator("#no-texts")).to_be_visible()
    page.click('[data-filter="pending"]')
    expect(cards).to_have_count(1)
    expect(page.locator(f'.video-card[data-reaction-id="{mp4["id"]}"]')).to_be_visible()
    page.click('[data-filter="rejected"]')
    expect(texts).to_have_count(1)
    expect(cards).to_have_count(0)
    expect(page.locator('[data-count="all"]')).to_have_text("3")
    page.click('[data-filter="all"]')
    expect(cards).to_have_count(2)

    page.get_by_role("button", name="Close reactions").click()
    expect(page.locator("#state-text")).to_have_text("Reactions are closed")
    assert live_organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["open"] is False
    page.get_by_role("button", name="Open reactions").click()
    expect(page.locator("#state-text")).to_have_text("Reactions are open")
    assert live_organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["open"] is True
    shot(page, "moderated")


def test_gallery_empty_state_in_finnish(live_organizer, open_page, shot):
    event = live_organizer.event("Aamupäivän sessio")
    page = open_page("empty", **DESKTOP)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/reactions?lang=fi")
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator("#empty h2")).to_have_text("Ei vielä reaktioita")
    expect(page.locator("#state-text")).to_have_text("Reaktiot on suljettu")
    expect(page.locator("#body")).to_be_hidden()
    shot(page, "empty-fi")


def test_gallery_page_needs_the_owner(live_server, live_organizer, hetki):
    event = live_organizer.event()
    path = f"/events/{event['id']}/reactions"
    stranger = live_server.http().session
    signed_out = stranger.get(live_server.url + path, allow_redirects=False)
    assert signed_out.status_code == 302 and signed_out.headers["Location"].endswith("/login")
    sign_in(live_server.http(), hetki, "bob@example.org")
    stranger.post(
        live_server.url + "/login",
        data={"email": "bob@example.org", "password": "correct horse"},
        headers={"Origin": live_server.url},
    )
    assert stranger.get(live_server.url + path, headers={"Accept": "text/html"}).status_code == 404
