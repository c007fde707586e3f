"""Screenshots of the organizer's results page and the PDF report's pages, to look at by eye.

    .venv/bin/python -m tests.e2e.report_screens --port 5603 [--lang fi]

Starts `python -m server` on a fresh data directory, makes an event with a poll of every type,
votes, questions and answers, then saves the results page at 1280x800 and 390x844 (and its print
view) and report.pdf with each page as PNG (pdftoppm) under tests/artifacts/report/. Not collected
by pytest (no test_ prefix).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import requests
from playwright.sync_api import sync_playwright

from tests.helpers.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

from .screens import (
    EMAIL,
    OPEN_ANSWERS,
    PASSWORD,
    WORDS,
    Api,
    ask_sample_questions,
    moderate,
    presenter_socket,
    start_server,
)

FRUITS = ["Apple", "Pear", "Plum", "Cherry"]
RANKINGS = [["o2", "o1", "o3", "o4"], ["o1", "o2", "o4", "o3"], ["o2", "o3", "o1", "o4"], ["o2", "o1", "o3", "o4"]]


def make_event(api, base, token):
    """An event with every poll type; fewer people answer the later polls (a funnel to see)."""
    event = api.call("POST", "/api/v1/events", json={"title": "Spring all-hands 2026"})
    eid, code = event["id"], event["code"]
    people = [
        api.call("POST", f"/api/v1/join/{code}", json={"nickname": name})["participant_token"]
        for name in ("Ada", "Bob", "Cai", "Dee", "Eve", "Fay")
    ]
    polls = [
        (api.poll(eid, "single", "Best fruit?", FRUITS), ["o1", "o2", "o1", "o3", "o1", "o1"]),
        (api.poll(eid, "multiple", "Which fruits do you eat?", FRUITS, max_choices=2), [["o1", "o2"], ["o2"], ["o4"]]),
        (api.poll(eid, "rating", "How was the talk?", scale=5), [5, 4, 4, 3, 5]),
        (api.poll(eid, "nps", "Would you recommend us?"), [10, 9, 7, 3, 10, 9]),
        (api.poll(eid, "csat", "How satisfied are you?"), [5, 4, 3, 1, 4]),
        (api.poll(eid, "ces", "How easy was it to join?"), [1, 2, 2, 5]),
        (api.poll(eid, "wordcloud", "One word for Finland?", max_entries=3), WORDS),
        (api.poll(eid, "open", "What should we change?"), OPEN_ANSWERS),
        (api.poll(eid, "ranking", "Rank the fruits", FRUITS), RANKINGS),
        (api.poll(eid, "quiz", "2 + 2?", ["3", "4", "5", "22"], correct=1, time_limit=60), ["o2", "o2", "o1", "o2"]),
        (api.poll(eid, "single", "Coffee or tea?", ["Coffee", "Tea"]), []),
    ]
    sio = presenter_socket(base, token, eid)
    for poll, values in polls[:-1]:
        api.call("POST", f"/api/v1/polls/{poll['id']}/open")
        for person, value in zip(people, values, strict=False):
            api.vote(person, poll["id"], value)
            time.sleep(0.05)
        if poll["type"] == "open":
            time.sleep(0.5)
            items = sio.call("sync", {}, namespace="/presenter", timeout=10)["state"]["results"]["items"]
            for item in items[:3]:
                moderate(sio, poll_id=poll["id"], answer_id=item["id"], action="approve")
            moderate(sio, poll_id=poll["id"], answer_id=items[3]["id"], action="hide")
        api.call("POST", f"/api/v1/polls/{poll['id']}/close")
    qids = ask_sample_questions(base, code, people)
    for qid in qids[:3]:
        moderate(sio, question_id=qid, action="approve")
    moderate(sio, question_id=qids[1], action="answer")
    sio.disconnect()
    return event


def run(base, out, lang):
    api = Api(base)
    token = api.sign_in()
    event = make_event(api, base, token)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    pdf = requests.get(f"{base}/api/v1/events/{event['id']}/report.pdf?lang={lang}", headers=api.headers, timeout=120)
    seconds = time.monotonic() - started
    assert pdf.status_code == 200, pdf.text
    (out / f"report-{lang}.pdf").write_bytes(pdf.content)
    print(f"report.pdf: {len(pdf.content)} bytes in {seconds:.2f} s")
    for old in out.glob(f"pdf-{lang}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(out / f"report-{lang}.pdf"), str(out / f"pdf-{lang}")], check=True
    )
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for name, viewport, extra in (
            ("desktop", {"width": 1280, "height": 800}, {}),
            ("phone", {"width": 390, "height": 844}, {"device_scale_factor": 2, "is_mobile": True}),
        ):
            page = browser.new_context(viewport=viewport, locale="en-US", **extra).new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{base}/login?lang={lang}")
            page.fill('input[name="email"]', EMAIL)
            page.fill('input[name="password"]', PASSWORD)
            page.click('button[type="submit"]')
            page.wait_for_url("**/organizer")
            page.goto(f"{base}/events/{event['id']}/results")
            page.wait_for_selector("body[data-online=true]")
            page.wait_for_timeout(1500)  # bars ease, the cloud draws
            page.screenshot(path=str(out / f"results-{lang}-{name}.png"), full_page=True, animations="disabled")
            if name == "desktop":
                page.emulate_media(media="print")
                page.screenshot(path=str(out / f"results-{lang}-print.png"), full_page=True, animations="disabled")
        browser.close()
    if errors:
        print("uncaught JavaScript errors:", *errors, sep="\n", file=sys.stderr)
    return not errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=5603)
    parser.add_argument("--lang", default="en", choices=["en", "fi"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(os.path.abspath("."), args.port, data_dir)
        try:
            ok = run(f"http://127.0.0.1:{args.port}", ARTIFACTS / "report", args.lang)
        finally:
            server.terminate()
            server.wait(15)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
