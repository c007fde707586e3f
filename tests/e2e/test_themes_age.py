"""The results page says how fresh the themes are: a job worker remakes them as people write
(issue 19, item 2), so "Themes updated 2 minutes ago" under them, in the page's language."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.domain import now_ms
from server.jobs.worker import Worker
from tests.helpers.clients import join, vote_over_http
from tests.helpers.jobs import work_through_queue

from .organizer_pages import sign_in_page

SHOTS = Path(os.environ.get("HETKI_SHOTS", "tests/artifacts"))


@pytest.mark.parametrize(
    ("locale", "now", "before"),
    [
        ("en-US", "Themes updated just now", "Themes updated 2 minutes ago"),
        ("fi-FI", "Teemat päivitetty juuri äsken", "Teemat päivitetty 2 minuuttia sitten"),
    ],
)
def test_the_results_page_says_when_the_themes_were_made(
    live_server, live_organizer, hetki, config, open_page, locale, now, before
):
    event = live_organizer.event("Fresh words")
    eid = event["id"]
    poll = live_organizer.poll(eid, type="open", question="What should we change?", options=None)
    live_organizer.open(poll["id"])
    http = live_server.http()
    for n, text in enumerate(["Longer coffee breaks", "More coffee breaks please", "The sound was bad"]):
        vote_over_http(http, poll["id"], join(http, event["code"]), text, f"t2-{n}")
    assert hetki.store.insights.queued(eid)  # the answers queued the job, nobody asked
    config.THEMES_MODEL = False  # no model load for a line of text
    assert work_through_queue(Worker(hetki.store, config, name="e2e-worker")) >= 1
    page = open_page("results", viewport={"width": 1280, "height": 800}, locale=locale)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{eid}/results")
    line = page.locator(".themes-section .themes-updated")
    expect(line).to_have_text(now)

    made = hetki.store.insights.latest(eid)
    hetki.store.insights.save(eid, {**made, "made_at": now_ms() - 125_000})
    page.reload()  # older than INSIGHTS_REFRESH_SECONDS: the request queued a remake too
    expect(line).to_contain_text(before)
    page.locator(".themes-section").screenshot(path=str(SHOTS / f"themes-age-{locale}.png"))
