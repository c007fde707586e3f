"""The PDF report packs polls by their height, and long Finnish words break where Finnish breaks them,
on the results page and in the PDF."""

import re
import subprocess

import requests
from playwright.sync_api import expect

from tests.helpers.browser import ARTIFACTS
from tests.helpers.clients import vote_over_http

from .organizer_pages import sign_in_page as sign_in

LONG = "Oppimiskykyisyys ja merkityksellisyys"  # op-pi-mis-ky-kyi-syys, mer-ki-tyk-sel-li-syys
SHY = "\u00ad"
POLLS = [  # (type, question, options, settings, votes of four people)
    ("single", "Paras hedelmä?", ["Omena", "Päärynä", "Luumu", "Kirsikka"], {}, ["o1", "o2", "o1", "o3"]),
    ("multiple", "Mitä hedelmiä syöt?", ["Omena", "Päärynä", "Luumu"], {"max_choices": 2}, [["o1", "o2"], ["o3"]]),
    ("rating", "Millainen esitys oli?", None, {"scale": 5}, [5, 4, 4, 3]),
    ("nps", "Suosittelisitko meitä?", None, {}, [10, 9, 7, 3]),
    ("csat", "Kuinka tyytyväinen olet?", None, {}, [5, 4, 3, 1]),
    ("ces", "Kuinka helppoa liittyminen oli?", None, {}, [1, 2, 2, 5]),
    ("wordcloud", "Yksi sana päivästä?", None, {"max_entries": 2}, [["sisu"], ["sisu", "kahvi"], ["järvi"]]),
    ("open", f"{LONG}: mitä muuttaisit?", None, {}, ["Enemmän kahvia", "Pidemmät tauot"]),
    ("ranking", "Järjestä hedelmät", ["Omena", "Päärynä", "Luumu"], {}, [["o2", "o1", "o3"], ["o1", "o2", "o3"]]),
    ("quiz", "2 + 2?", ["3", "4", "5"], {"correct": 1, "time_limit": 60}, ["o2", "o2", "o1"]),
    ("single", "Kahvi vai tee?", ["Kahvi", "Tee"], {}, ["o1"]),
]
MOST_PAGES = 8  # 12 A4 pages before polls were packed: a page per poll or two, most of it empty


def finnish_event(organizer):
    event = organizer.event("Kevään suunnittelupäivä")
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"})
    assert reply.status == 200, reply.body
    http = organizer.http
    tokens = [http.request("POST", f"/api/v1/join/{event['code']}").body["participant_token"] for _ in range(4)]
    for kind, question, options, settings, values in POLLS:
        poll = organizer.poll(event["id"], type=kind, question=question, options=options, **settings)
        organizer.open(poll["id"])
        for n, (token, value) in enumerate(zip(tokens, values, strict=False)):
            vote_over_http(http, poll["id"], token, value, f"v{poll['id']}{n}")
        organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    return event


def pages_of(pdf):
    """The number of pages in a PDF: its page objects (not the /Pages tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_pdf_packs_polls_and_hyphenates_finnish(live_server, live_organizer, open_page):
    event = finnish_event(live_organizer)
    reply = requests.get(
        f"{live_server.url}/api/v1/events/{event['id']}/report.pdf",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=120,
    )
    assert reply.status_code == 200 and reply.content.startswith(b"%PDF-"), reply.text[:300]
    kept = ARTIFACTS / "report-packing-fi.pdf"  # to look at: pdftoppm -png -r 60 it
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(reply.content)
    pages = pages_of(reply.content)
    assert 2 <= pages <= MOST_PAGES, pages
    text = subprocess.run(["pdftotext", str(kept), "-"], capture_output=True, check=True).stdout
    assert "Paras hedelmä?" in text.decode()  # the page, printed: not an error page

    page = open_page("results", viewport={"width": 390, "height": 844}, locale="en-US")
    sign_in(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/results")
    expect(page.locator("body")).to_have_attribute("data-online", "true")
    assert page.evaluate("document.documentElement.lang") == "fi"
    question = page.locator(".poll-section").nth(7).locator(".poll-question")
    assert question.evaluate("node => getComputedStyle(node).hyphens") == "auto"
    # the browser's own hyphenation needs dictionaries Debian's Chromium lacks: soft hyphens do it
    expect(question).to_contain_text(f"Op{SHY}pi{SHY}mis{SHY}ky{SHY}kyi{SHY}syys ja mer{SHY}ki{SHY}tyk{SHY}sel")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the phone
