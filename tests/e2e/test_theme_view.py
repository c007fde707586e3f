"""The organizer's view of the themes (issue 19, item 4): each theme's share of the people who said
something and how they scored it, a one-click quote into "You said, we did", and the PDF's top
themes with two quotes each.

A server of this module's own runs one job worker (WORKERS=1), as a deployment does: the insights
request queues the themes and the worker makes them, with the sentiment, from what phones sent.
"""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.helpers.api import sign_in
from tests.helpers.browser import artifact
from tests.helpers.clients import join, vote_over_http
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer

from .organizer_pages import sign_in_page
from .test_accessibility import Audit

# per language: who answered what, and their NPS score (None: did not score)
DAYS = {
    "en": {
        "locale": "en-US",
        "said": {
            "ann": (10, "The live demos were inspiring"),
            "ben": (9, "Inspiring live demos"),
            "cat": (9, "Loved the live demos"),
            "dan": (7, "Fine overall, good coffee"),
            "eve": (2, "<i>cold</i> room"),
            "fay": (4, "Cold room and long queues"),
            "gus": (5, "The room was too cold"),
            "hal": (None, "Good coffee and live demos"),
        },
        "printed": "The top themes in their words",
        "quote": "Quote this in the update",
    },
    "fi": {
        "locale": "fi-FI",
        "said": {
            "ann": (10, "Loistavat puhujat"),
            "ben": (9, "Puhujat olivat loistavia"),
            "cat": (10, "Upeat puhujat ja hyvä kahvi"),
            "dan": (8, "Kahvi oli hyvää"),
            "eve": (3, "<b>kylmä</b> sali"),
            "fay": (1, "Sali oli liian kylmä"),
            "gus": (6, "Kylmä sali ja pitkät jonot"),
            "hal": (None, "Hyvä kahvi ja puhujat"),
        },
        "printed": "Tärkeimmät teemat osallistujien sanoin",
        "quote": "Lainaa päivitykseen",
    },
}
GROUP = {"promoters": range(9, 11), "passives": range(7, 9), "detractors": range(0, 7)}


@pytest.fixture(scope="module")
def live_server(redis_url, tmp_path_factory):
    """This module's server, with a job worker that makes the themes."""
    env = {
        "REDIS_URL": redis_url,
        "TRANSCRIBE": "0",
        "WORKERS": "1",
        "INSIGHTS_REFRESH_SECONDS": "3600",
    }  # texts queue the jobs
    server = LiveServer(env, tmp_path_factory.mktemp("theme-view")).start()
    yield server
    server.stop()


def said_day(server, organizer, language):
    """An event in `language`: an NPS poll and an open question answered over HTTP, as phones do;
    returns the event, the open poll and {answer id: person}."""
    day = DAYS[language]["said"]
    event = organizer.event(f"Theme view {language}")
    eid = event["id"]
    organizer.call(
        "PATCH", f"/api/v1/events/{eid}", json={"language": language, "moderate_answers": False}
    )  # printed quotes: approved only
    http = server.http()
    tokens = {name: join(http, event["code"]) for name in day}
    nps = organizer.poll(eid, type="nps", question="Recommend?", options=None)
    organizer.open(nps["id"])
    for name, (score, _) in day.items():
        if score is not None:
            vote_over_http(http, nps["id"], tokens[name], score, f"nps-{name}")
    poll = organizer.poll(eid, type="open", question="What stayed with you?", options=None)
    organizer.open(poll["id"])
    for name, (_, text) in day.items():
        vote_over_http(http, poll["id"], tokens[name], text, f"said-{name}")
    organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    return event, poll


def made_insights(organizer, eid, texts):
    made = {}

    def ready():
        made.update(organizer.call("GET", f"/api/v1/events/{eid}/insights").body)
        return made["made_at"] is not None and made["texts"] == texts and not made["computing"]  # the final ones

    assert wait_until(ready, timeout=90, interval=0.5), made
    return made


def expected_sentiment(theme, day):
    """The theme's people's score groups, counted here from who wrote which answer."""
    people = {source["answer_id"].removeprefix("said-") for source in theme["sources"]}
    scores = [day[name][0] for name in people if day[name][0] is not None]
    groups = {name: sum(s in span for s in scores) for name, span in GROUP.items()}
    leaning = next((name for name, n in groups.items() if 2 * n > len(scores)), "mixed")
    return groups, leaning


def pdf_text(organizer, eid, language):
    reply = organizer.http.session.get(
        f"{organizer.http.base}/api/v1/events/{eid}/report.pdf?lang={language}",
        headers={"Authorization": f"Bearer {organizer.token}"},
        timeout=120,
    )
    assert reply.status_code == 200, reply.text
    pdf = artifact("theme_view", f"report-{language}").with_suffix(".pdf")
    pdf.write_bytes(reply.content)
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.replace("\xad", "").split())  # hyphens.js's soft hyphens


@pytest.mark.parametrize("language", ["en", "fi"])
def test_themes_show_share_and_sentiment_quote_into_the_update_and_print_with_quotes(
    live_server, hetki, open_page, language
):
    day = DAYS[language]
    organizer = sign_in(live_server.http(), hetki, "ada@example.org")
    event, poll = said_day(live_server, organizer, language)
    eid = event["id"]
    insights = made_insights(organizer, eid, len(day["said"]))

    # the server: everyone who said something, and each theme's people's score groups
    assert insights["people"] == len(day["said"])
    themes = insights["themes"]
    assert themes
    leanings = set()
    for theme in themes:
        groups, leaning = expected_sentiment(theme, day["said"])
        assert theme["sentiment"]["groups"] == groups and theme["sentiment"]["leaning"] == leaning, theme
        leanings.add(leaning)
    assert {"promoters", "detractors"} <= leanings, [(t["phrase"], t["sentiment"]) for t in themes]

    # the results page: each theme's share of people and its sentiment hint, with counts
    screen = {"viewport": {"width": 1280, "height": 900}, "locale": day["locale"], "bypass_csp": True}  # for axe
    page = open_page(f"results-{language}", **screen)
    sign_in_page(page, organizer.email)
    page.goto(f"/events/{eid}/results")
    drawn = page.locator(".themes-overall > .theme-list > .theme")
    expect(drawn).to_have_count(len(themes))
    for index, theme in enumerate(themes):
        node = drawn.nth(index)
        expect(node.locator(".theme-phrase").first).to_have_text(theme["phrase"])
        pct = round(100 * theme["people"] / insights["people"])
        expect(node.locator(".theme-share")).to_contain_text(re.compile(rf"^{pct}\s?%"))
        groups, leaning = expected_sentiment(theme, day["said"])
        counts = node.locator(".theme-groups b")
        expect(counts).to_have_text([str(groups[name]) for name in ("promoters", "passives", "detractors")])
        expect(node.locator(".theme-sentiment")).to_have_attribute("data-leaning", leaning)
    expect(page.locator('.theme-sentiment[data-leaning="promoters"] .theme-leaning').first).to_be_visible()
    audit = Audit()
    audit(page, f"results page themes ({language})")
    audit.check()
    page.locator(".themes-section").screenshot(path=artifact("theme_view", f"results-themes-{language}"))

    # "Quote this in the update": the phrase and an answer's words, and the poll as a reference
    first = themes[0]
    quote = next(q for q in first["quotes"] if q["kind"] == "answer")
    ref = page.locator(f'input[name="update-ref"][value="{poll["id"]}"]')
    expect(ref).not_to_be_checked()
    drawn.first.locator(".theme-quote-this").click()
    expect(drawn.first.locator(".theme-quote-this")).to_have_text(f"{day['quote']}: {first['phrase']}")
    text = page.locator("#update-text").input_value()
    assert first["phrase"] in text and quote["text"] in text, text
    expect(ref).to_be_checked()
    page.locator(".update-section").screenshot(path=artifact("theme_view", f"update-quoted-{language}"))

    # the PDF: the top themes with two quotes each, attendees' words as text (markup stays text)
    printed = pdf_text(organizer, eid, language)
    assert day["printed"] in printed
    after = printed[printed.index(day["printed"]) :]
    for theme in themes[:5]:
        assert theme["phrase"] in after, theme["phrase"]
        for shown in theme["quotes"][:2]:
            assert " ".join(shown["text"].split()) in after, (shown["text"], after)
    page.goto(f"/events/{eid}/reactions")  # the gallery's themes say the same
    expect(page.locator("#themes-panel .themes-overall .theme-share")).to_have_count(len(themes))
    expect(page.locator("#themes-panel .themes-overall .theme-sentiment").first).to_be_visible()
    page.goto(f"/events/{eid}/results?print=1")
    expect(page.locator(".themes-printed .theme-printed")).to_have_count(min(5, len(themes)))
    assert page.locator(".themes-printed q *").count() == 0
