"""The results page and the PDF report: who may see them, the one-time report token, the PDF itself."""

import re
import subprocess
import time

import pytest

from server import create_app
from server.web import report
from tests.helpers.api import FlaskHttp, sign_in
from tests.helpers.clients import vote_over_http

SAME_ORIGIN = {"Origin": "http://localhost"}  # a browser's sign-in form sends it
POLLS = [  # (type, question, options, settings, the votes of four people)
    ("single", "Best fruit?", ["Apple", "Pear", "Plum"], {}, ["o1", "o1", "o2", "o1"]),
    ("nps", "Would you recommend Hetki?", None, {}, [10, 9, 10, 3]),
    ("csat", "How satisfied are you?", None, {}, [5, 4, 2]),
    ("wordcloud", "One word for the day?", None, {"max_entries": 2}, [["sisu"], ["sisu", "kahvi"]]),
    ("open", "What should we change?", None, {}, ["More coffee"]),
    ("quiz", "2 + 2?", ["3", "4"], {"correct": 1, "time_limit": 60}, ["o2", "o1"]),
]


def vote(http, pid, token, value, n):
    vote_over_http(http, pid, token, value, f"v{pid}{n}")


def event_with_answers(organizer, title):
    """An event whose polls four people answered, fewer at each step."""
    event = organizer.event(title)
    tokens = [
        organizer.http.request("POST", f"/api/v1/join/{event['code']}").body["participant_token"] for _ in range(4)
    ]
    polls = []
    for kind, question, options, settings, values in POLLS:
        poll = organizer.poll(event["id"], type=kind, question=question, options=options, **settings)
        organizer.open(poll["id"])
        for n, (token, value) in enumerate(zip(tokens, values, strict=False)):
            vote(organizer.http, poll["id"], token, value, n)
        organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
        polls.append(poll)
    return event, polls


def assert_error(reply, status, code):
    assert reply.status == status, reply.body
    assert reply.body["error"]["code"] == code


def test_report_needs_the_events_organizer(organizer, http, hetki):
    event = organizer.event()
    assert_error(http.request("GET", f"/api/v1/events/{event['id']}/report.pdf"), 401, "unauthorized")
    other = sign_in(http, hetki, "bob@example.org")
    assert_error(other.call("GET", f"/api/v1/events/{event['id']}/report.pdf"), 404, "event_not_found")
    assert_error(organizer.call("GET", "/api/v1/events/nope/report.pdf"), 404, "event_not_found")


def test_no_chromium_is_a_clear_503(config, hetki):
    config.CHROMIUM = "/no/such/chromium"
    organizer = sign_in(FlaskHttp(create_app(config).test_client()), hetki, "ada@example.org")
    event = organizer.event()
    reply = organizer.call("GET", f"/api/v1/events/{event['id']}/report.pdf")
    assert_error(reply, 503, "report_unavailable")
    assert "Chromium" in reply.body["error"]["message"]


def test_results_page_is_the_organizers_and_needs_no_inline_code(client, organizer, hetki):
    event = organizer.event("Spring <all-hands>")
    page = f"/events/{event['id']}/results"
    assert client.get(page).status_code == 302  # to the sign-in page
    client.post("/login", data={"email": organizer.email, "password": "correct horse"}, headers=SAME_ORIGIN)
    response = client.get(page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Spring &lt;all-hands&gt;" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # a strict CSP: every script is a file or JSON data, and no element carries a style attribute
    assert all("src=" in tag or "application/json" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert not re.search(r"<[^>]+\sstyle=", html)
    hetki.organizers.create("bob@example.org", "correct horse")
    client.post("/logout", headers=SAME_ORIGIN)
    client.post("/login", data={"email": "bob@example.org", "password": "correct horse"}, headers=SAME_ORIGIN)
    assert client.get(page, headers={"Accept": "text/html"}).status_code == 404


def test_a_report_token_opens_one_event_once(app, client, organizer, monkeypatch):
    event, other = organizer.event(), organizer.event("Another")
    with app.test_request_context():
        token, stale = report.issue_token(event["id"]), report.issue_token(event["id"])
    page = f"/events/{event['id']}/results?print=1&report="
    assert client.get(f"/events/{other['id']}/results?report={token}").status_code == 404
    first = client.get(page + token)
    assert first.status_code == 200 and 'data-print="1"' in first.get_data(as_text=True)
    assert client.get(page + token, headers={"Accept": "application/json"}).status_code == 401  # used
    assert client.get(page + token[:-2] + "xx").status_code == 401  # forged
    monkeypatch.setattr(report, "TOKEN_SECONDS", -1)
    assert client.get(page + stale).status_code == 401  # expired


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ["Key figures", "Participation", "4 participants"]),
        ("fi", ["Avainluvut", "Osallistuminen", "4 osallistujaa"]),
    ],
)
def test_report_pdf_is_the_results_page_printed(live_organizer, tmp_path, lang, words):
    event, polls = event_with_answers(live_organizer, "Kick-off & Åland 2026")
    started = time.monotonic()
    reply = live_organizer.http.session.get(
        f"{live_organizer.http.base}/api/v1/events/{event['id']}/report.pdf?lang={lang}",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=90,
    )
    seconds = time.monotonic() - started
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"] == "application/pdf" and reply.content.startswith(b"%PDF-")
    assert f"hetki-{event['code']}-report.pdf" in reply.headers["Content-Disposition"]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reply.content)

    # in reading order, not -layout: polls are printed two columns to a page
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Kick-off & Åland 2026" in flat
    for poll in polls:
        assert poll["question"] in flat, poll["question"]
    nps = live_organizer.results(polls[1]["id"])["nps"]
    assert nps == 50 and "+50" in flat  # the NPS figure (3 promoters, 1 detractor of 4)
    for word in words:
        assert word.lower() in flat.lower()  # headings may be set in capitals
    assert "sisu" in flat and "More coffee" not in flat  # the cloud's words; an answer nobody approved

    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    # a cover, the key figures, participation, then the polls two or three to a page
    assert len(pages) >= 4 and len(pages) <= len(polls) + 3
    assert all(page.stat().st_size > 1000 for page in pages)
    print(f"report.pdf ({lang}): {len(reply.content)} bytes, {len(pages)} pages, {seconds:.2f} s")
