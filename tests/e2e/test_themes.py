"""What people said, as an organizer sees it: the themes and the promoter/detractor split on the
results page and in the gallery, the gallery's transcripts, captions, search and theme filter.

The live test server runs no job worker (WORKERS=0), so the transcripts are written into the
reactions' records directly, as the worker leaves them (server/store/transcripts.py), and the themes
are made by a real Worker in this process once everything is said (as `hetki worker` would).
"""

import json
import subprocess

import pytest
from playwright.sync_api import expect

from server.jobs.worker import Worker
from tests.helpers.browser import PHONE, artifact
from tests.helpers.clients import join, vote_over_http
from tests.helpers.clips import make_clip
from tests.helpers.jobs import work_through_queue

from .organizer_pages import sign_in_page
from .test_gallery import send_reaction

DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}
SPOKEN = "Honestly the room was freezing cold all day."
SEGMENTS = [{"start": 0.0, "end": 1.2, "text": "Honestly the room was"}, {"start": 1.2, "end": 2.0, "text": SPOKEN}]


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("theme-clips") / "clip.webm", 2.0, "webm")


def vote(participant, poll_id, token, value, n):
    vote_over_http(participant, poll_id, token, value, f"{poll_id}-{n}")


@pytest.fixture
def feedback_day(live_server, live_organizer, hetki, config, clip):
    """Promoters praise the live demos, detractors the cold room; a question, reactions, transcripts."""
    organizer = live_organizer
    event = organizer.event("Feedback day")
    eid, code = event["id"], event["code"]
    organizer.call("PATCH", f"/api/v1/events/{eid}", json={"language": "en"})
    organizer.call("POST", f"/api/v1/events/{eid}/reactions/open")
    http = live_server.http()
    tokens = {name: join(http, code) for name in ("ann", "ben", "cat", "dan", "eve", "fay", "gus")}
    nps = organizer.poll(eid, type="nps", question="Would you recommend this day?", options=None)
    organizer.open(nps["id"])
    for n, (name, score) in enumerate({"ann": 10, "ben": 9, "cat": 9, "dan": 7, "eve": 2, "fay": 4, "gus": 6}.items()):
        vote(http, nps["id"], tokens[name], score, n)
    poll = organizer.poll(eid, type="open", question="What stayed with you?", options=None)
    organizer.open(poll["id"])
    answers = {
        "ann": "The live demos were inspiring",
        "ben": "Inspiring live demos",
        "cat": "Loved the live demos",
        "dan": "Fine overall",
        "eve": "The room was too cold",
        "fay": "Cold room and long queues",
    }
    for n, (name, text) in enumerate(answers.items()):
        vote(http, poll["id"], tokens[name], text, n)
    organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    gus = hetki.participants.verify(tokens["gus"], eid)
    question = hetki.questions.ask(hetki.events.get(eid), gus, "Why was the room so cold?")
    written = send_reaction(http, code, tokens["ben"], "Live demos made my day")
    spoken = send_reaction(http, code, tokens["eve"], clip=clip)
    failed = send_reaction(http, code, tokens["fay"], clip=clip)
    queued = send_reaction(http, code, tokens["gus"], clip=clip)
    store = hetki.store.reactions
    store.update(
        eid,
        spoken["id"],
        {
            "transcript_state": "done",
            "transcript": SPOKEN,
            "transcript_language": "en",
            "transcript_segments": json.dumps(SEGMENTS),
        },
    )
    store.update(eid, failed["id"], {"transcript_state": "failed", "transcript_reason": "no speech model"})
    store.update(eid, queued["id"], {"transcript_state": "queued"})
    assert organizer.call("GET", f"/api/v1/events/{eid}/insights").body["computing"]  # queues the job
    config.THEMES_MODEL = False  # the keyword themes, whose phrases this test reads
    assert work_through_queue(Worker(hetki.store, config, name="e2e-worker")) >= 1  # themes, and MP4 copies
    return {
        "event": event,
        "question": question,
        "written": written["id"],
        "spoken": spoken["id"],
        "failed": failed["id"],
        "queued": queued["id"],
    }


def phrases(locator):
    return [text.strip() for text in locator.locator(".theme-phrase").all_inner_texts()]


def test_results_page_shows_the_themes_and_what_promoters_and_detractors_said(live_organizer, open_page, feedback_day):
    eid = feedback_day["event"]["id"]
    page = open_page("results", **DESKTOP)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{eid}/results")
    section = page.locator(".themes-section")
    expect(section.locator("h2")).to_have_text("What people said")
    expect(section.locator(".themes-overall .theme-phrase").first).to_be_visible()
    assert {"room", "cold", "live demos"} <= set(phrases(section.locator(".themes-overall")))
    expect(section.locator(".themes-split h3")).to_have_text("What promoters said, what detractors said")
    promoters = section.locator('.score-group[data-group="promoters"]')
    detractors = section.locator('.score-group[data-group="detractors"]')
    expect(promoters.locator("h4")).to_have_text("Promoters (9–10)")
    expect(promoters.locator(".score-group-head p")).to_have_text("3 people · 4 texts")
    expect(detractors.locator(".score-group-head p")).to_have_text("3 people · 4 texts")
    expect(promoters.locator(".theme-phrase").first).to_have_text("live demos")
    assert {"room", "cold"} <= set(phrases(detractors)) and not {"room", "cold"} & set(phrases(promoters))
    assert "live demos" not in phrases(detractors)

    # a theme opens onto its quotes, each linked to where it was said
    cold = detractors.locator(".theme", has=page.locator(".theme-phrase", has_text="cold")).first
    cold.locator("summary").click()
    quotes = cold.locator(".theme-quote")
    expect(quotes.first).to_be_visible()
    links = {a.get_attribute("href") for a in cold.locator("a.theme-source").all()}
    assert f"#question-{feedback_day['question']}" in links
    assert f"/events/{eid}/reactions#reaction-{feedback_day['spoken']}" in links
    expect(cold.locator("a.theme-source", has_text="Video transcript")).to_have_count(1)
    section.screenshot(path=artifact("themes", "results-desktop"))

    page.emulate_media(media="print")  # the report: the lists' quotes give way to the top themes' two each
    expect(section).to_be_visible()
    expect(quotes.first).to_be_hidden()
    expect(page.locator(".themes-printed")).to_be_visible()
    page.emulate_media(media="screen")

    report = live_organizer.http.session.get(
        f"{live_organizer.http.base}/api/v1/events/{eid}/report.pdf?lang=en",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=90,
    )
    assert report.status_code == 200, report.text
    pdf = artifact("themes", "report").with_suffix(".pdf")
    pdf.write_bytes(report.content)
    printed = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "What people said" in printed and "What promoters said, what detractors said" in printed
    assert "live demos" in printed and "Detractors (0–6)" in printed
    assert "The top themes in their words" in printed  # two quotes each (test_theme_view.py reads them)

    phone = open_page("results-phone", **PHONE)
    sign_in_page(phone, live_organizer.email)
    phone.goto(f"/events/{eid}/results")
    phone_section = phone.locator(".themes-section")
    expect(phone_section.locator('.score-group[data-group="detractors"] .theme-phrase').first).to_be_visible()
    phone_section.screenshot(path=artifact("themes", "results-phone"))


def test_gallery_shows_transcripts_captions_themes_and_searches(live_organizer, open_page, feedback_day, shot):
    eid = feedback_day["event"]["id"]
    page = open_page("gallery", **DESKTOP)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{eid}/reactions")
    card = lambda rid: page.locator(f'.reaction[data-reaction-id="{rid}"]')  # noqa: E731

    spoken = card(feedback_day["spoken"])
    expect(spoken.locator(".transcript-text")).to_have_text(SPOKEN)
    expect(spoken.locator(".transcript-state")).to_be_hidden()
    expect(card(feedback_day["failed"]).locator(".transcript-state")).to_have_text(
        "Transcription failed: no speech model"
    )
    # the test server runs no job worker, and the one that made the themes has stopped: said so
    expect(card(feedback_day["queued"]).locator(".transcript-state")).to_have_text(
        "Waiting for a worker to transcribe it"
    )
    expect(card(feedback_day["queued"]).locator(".transcript-text")).to_be_hidden()
    expect(page.locator("#queue")).to_have_text("0 clips waiting for transcription")

    # the themes, split by score, above the reactions
    panel = page.locator("#themes-panel")
    expect(panel).to_be_visible()
    detractors = panel.locator('.score-group[data-group="detractors"]')
    assert {"room", "cold"} <= set(phrases(detractors))
    expect(panel.locator('.score-group[data-group="promoters"] .theme-phrase').first).to_have_text("live demos")
    shot(page, "overview")
    page.screenshot(path=artifact("themes", "gallery-desktop"), full_page=True)

    # the player carries the captions as a track, and they load
    spoken.locator(".poster-button").click()
    track = spoken.locator('video track[kind="captions"]')
    expect(track).to_have_attribute("src", f"/api/v1/events/{eid}/reactions/{feedback_day['spoken']}/captions.vtt")
    expect(track).to_have_attribute("srclang", "en")
    page.wait_for_function(
        "v => v.textTracks.length && (v.textTracks[0].mode = 'showing') && v.textTracks[0].cues?.length === 2",
        arg=spoken.locator("video").element_handle(),
        timeout=8_000,
    )
    spoken.locator("video").evaluate("v => v.pause()")
    expect(card(feedback_day["failed"]).locator(".poster-button")).to_be_visible()

    # search across transcripts and written reactions
    videos, texts = page.locator(".video-card"), page.locator(".text-card")
    expect(videos).to_have_count(3)
    page.fill("#search", "FREEZING cold")
    expect(videos).to_have_count(1)
    expect(texts).to_have_count(0)
    expect(spoken).to_be_visible()
    page.fill("#search", "demos")
    expect(videos).to_have_count(0)
    expect(card(feedback_day["written"])).to_be_visible()
    page.fill("#search", "nothing like this")
    expect(page.locator("#no-match")).to_be_visible()
    page.fill("#search", "")
    expect(videos).to_have_count(3)
    expect(texts).to_have_count(1)

    # a theme narrows the gallery to the reactions that said it
    room = detractors.locator("button.theme-pick", has=page.locator(".theme-phrase", has_text="room"))
    room.click()
    expect(room).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#theme-filter")).to_contain_text("Reactions that mention “room”")
    expect(videos).to_have_count(1)
    expect(texts).to_have_count(0)
    page.click("#theme-clear")
    expect(videos).to_have_count(3)
    expect(room).to_have_attribute("aria-pressed", "false")

    phone = open_page("gallery-phone", **PHONE)
    sign_in_page(phone, live_organizer.email)
    phone.goto(f"/events/{eid}/reactions#reaction-{feedback_day['spoken']}")
    linked = phone.locator(f"#reaction-{feedback_day['spoken']}")
    expect(linked).to_have_class("reaction video-card card linked")  # the results page's link lands here
    expect(phone.locator("#themes-panel .theme-phrase").first).to_be_visible()
    phone.screenshot(path=artifact("themes", "gallery-phone"), full_page=True)
