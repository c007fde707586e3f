"""A long clip's transcript in the gallery says how far it got, as the worker writes it."""

from playwright.sync_api import expect

from tests.helpers.clients import join
from tests.helpers.clips import make_clip

from .organizer_pages import sign_in_page
from .test_gallery import DESKTOP, send_reaction


def test_the_gallery_shows_how_far_a_transcript_got(
    live_server, live_organizer, open_page, hetki, redis_client, tmp_path, shot
):
    event = live_organizer.event("Closing keynote")
    live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    participant = live_server.http()
    token = join(participant, event["code"])
    reaction = send_reaction(participant, event["code"], token, "Long thoughts", make_clip(tmp_path / "c.webm", 2.0))
    # what a worker writes while a long clip's segments come (this server has none: one's lease stands in)
    hetki.store.jobs.renew_lease("progress-worker", 60_000)
    key = f"hetki:{{{event['id']}}}:reaction:{reaction['id']}"
    redis_client.hset(key, mapping={"transcript_state": "transcribing", "transcript_progress": "40"})

    page = open_page("gallery", **DESKTOP)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/reactions")
    state = page.locator('[data-role="transcript-state"]')
    expect(state).to_have_text("Transcribing… 40 %")
    redis_client.hset(key, mapping={"transcript_progress": "85"})
    expect(state).to_have_text("Transcribing… 85 %", timeout=15_000)  # the page reads the list again
    shot(page, "progress")
