"""Screenshots of the presenter screen for every poll type, to compare two trees by eye.

    .venv/bin/python -m tests.e2e.screens --tree /tmp/hetki-before --port 5601 --out before
    .venv/bin/python -m tests.e2e.screens --tree . --port 5602 --out after

Starts `python -m server` from --tree on a fresh data directory, creates an organizer, puts the
same votes, questions and answers on each poll type through the API and real sockets, and saves
1280x720 PNGs under tests/artifacts/screens/<out>/. Not collected by pytest (no test_ prefix).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import socketio
from playwright.sync_api import sync_playwright

from tests.helpers.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PHONE, PROJECTOR
from tests.helpers.organizer_cli import create_organizer

PHONE_RESULTS = {"single", "multiple", "rating", "nps", "ranking", "quiz"}  # the shared bar renderer
EMAIL, PASSWORD = "screens@example.org", "a long screenshot secret"
WORDS = [["Sisu", "Kahvi"], ["Sisu", "Sauna"], ["Sisu"], ["Kahvi", "Järvi", "Talvi"], ["Sauna"]]
OPEN_ANSWERS = [
    "More coffee breaks, please",
    "The demo was great",
    "Slides were hard to read at the back",
    "Loved the Q&A",
    "Short and sweet",
]


class Api:
    def __init__(self, base):
        self.base = base
        self.headers = {}

    def call(self, method, path, headers=None, **kwargs):
        reply = requests.request(
            method, self.base + path, headers={**self.headers, **(headers or {})}, timeout=10, **kwargs
        )
        assert reply.status_code < 300, (path, reply.status_code, reply.text)
        return reply.json() if reply.content else None

    def sign_in(self):
        token = self.call("POST", "/api/v1/token", json={"email": EMAIL, "password": PASSWORD})["token"]
        self.headers = {"Authorization": f"Bearer {token}"}
        return token

    def poll(self, eid, type, question, options=None, **settings):
        body = {"type": type, "question": question}
        if options:
            body["options"] = options
        if settings:
            body["settings"] = settings
        return self.call("POST", f"/api/v1/events/{eid}/polls", json=body)

    def vote(self, participant, pid, value):
        return self.call(
            "POST",
            f"/api/v1/polls/{pid}/votes",
            headers={"X-Participant-Token": participant},
            json={"value": value, "client_vote_id": uuid.uuid4().hex[:24]},
        )


def start_server(tree, port, data_dir):
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATA_DIR": data_dir,
        "SECRET_KEY": "screens",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "server"], cwd=tree, env=env)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                break
        except requests.RequestException:
            pass
        time.sleep(0.1)
    else:
        server.terminate()
        raise SystemExit("the server did not start")
    flask = Path(sys.executable).with_name("flask")
    create_organizer([str(flask), "--app", "server"], EMAIL, PASSWORD, cwd=tree, env=env)
    return server


def presenter_socket(base, token, eid):
    sio = socketio.Client()
    sio.latest = {}
    sio.on("results", lambda message: sio.latest.update({message["poll_id"]: message}), namespace="/presenter")
    sio.connect(
        base,
        namespaces=["/presenter"],
        auth={"token": token, "event_id": eid},
        transports=["websocket"],
        wait_timeout=10,
    )
    return sio


def ask_sample_questions(base, code, people):
    """Four questions from the first four people, two of them named; their ids."""
    return [
        ask(base, code, people[0], "When is the next meetup?", "Ada"),
        ask(base, code, people[1], "Can we get the slides?"),
        ask(base, code, people[2], "What does sisu mean?", "Cai"),
        ask(base, code, people[3], "Is there a recording?"),
    ]


def ask(base, code, participant, text, name=None):
    sio = socketio.Client()
    sio.connect(
        base,
        namespaces=["/audience"],
        auth={"code": code, "participant": participant},
        transports=["websocket"],
        wait_timeout=10,
    )
    ack = sio.call(
        "question", {"text": text, "name": name, "anonymous": name is None}, namespace="/audience", timeout=10
    )
    sio.disconnect()
    assert ack["ok"], ack
    return ack["question_id"]


def moderate(sio, **payload):
    ack = sio.call("moderate", payload, namespace="/presenter", timeout=10)
    assert ack["ok"], ack


def run(base, out):
    api = Api(base)
    token = api.sign_in()
    event = api.call("POST", "/api/v1/events", json={"title": "Screens"})
    eid, code = event["id"], event["code"]
    people = [
        api.call("POST", f"/api/v1/join/{code}", json={"nickname": name})["participant_token"]
        for name in ("Ada", "Bob", "Cai", "Dee", "Eve")
    ]
    opts = ["Apple", "Pear", "Plum", "Cherry"]
    polls = [
        ("single", api.poll(eid, "single", "Best fruit?", opts), ["o1", "o2", "o1", "o3", "o1"]),
        (
            "multiple",
            api.poll(eid, "multiple", "Which fruits do you eat?", opts, max_choices=2),
            [["o1", "o2"], ["o2"], ["o2", "o4"], ["o1"], ["o3", "o2"]],
        ),
        ("rating", api.poll(eid, "rating", "How was the talk?", scale=5), [5, 4, 4, 3, 5]),
        ("nps", api.poll(eid, "nps", "Would you recommend us?"), [10, 9, 7, 3, 10]),
        ("csat", api.poll(eid, "csat", "How satisfied are you?"), [5, 4, 3, 1, 4]),
        ("ces", api.poll(eid, "ces", "How easy was it to join?"), [1, 2, 2, 5, 7]),
        ("wordcloud", api.poll(eid, "wordcloud", "One word for Finland?", max_entries=3), WORDS),
        ("open", api.poll(eid, "open", "What should we change?"), OPEN_ANSWERS),
        (
            "ranking",
            api.poll(eid, "ranking", "Rank the fruits", opts),
            [
                ["o2", "o1", "o3", "o4"],
                ["o1", "o2", "o4", "o3"],
                ["o2", "o3", "o1", "o4"],
                ["o2", "o1", "o3", "o4"],
                ["o4", "o2", "o1", "o3"],
            ],
        ),
        (
            "quiz",
            api.poll(eid, "quiz", "2 + 2?", ["3", "4", "5", "22"], correct=1, time_limit=60),
            ["o2", "o2", "o1", "o2", "o4"],
        ),
    ]
    sio = presenter_socket(base, token, eid)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(**PROJECTOR).new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(event["presenter_url"])
        phone = browser.new_context(**PHONE).new_page()
        console = browser.new_context(**PHONE).new_page()  # the moderator's, on a phone
        phone.on("pageerror", lambda error: errors.append(f"phone: {error}"))
        phone.goto(f"{base}/j/{code}")
        phone.wait_for_selector("body[data-online=true]")
        page.wait_for_selector("body[data-online=true]")
        page.wait_for_timeout(300)
        shot(page, out, "00-no-poll")
        for name, poll, values in polls:
            api.call("POST", f"/api/v1/polls/{poll['id']}/open")
            page.wait_for_selector(f"#screen[data-type={poll['type']}][data-state=open]")
            if name == "quiz":
                page.wait_for_timeout(400)
                shot(page, out, "quiz-1-live-empty", animations="allow")
            for person, value in zip(people, values, strict=True):
                api.vote(person, poll["id"], value)
                if name == "quiz":
                    time.sleep(0.3)  # points fall with the time taken: a fixed leaderboard order
            if name == "open":
                page.wait_for_timeout(600)
                answers = sio.latest[poll["id"]]["items"]
                for item in answers[:3]:
                    moderate(sio, poll_id=poll["id"], answer_id=item["id"], action="approve")
                moderate(sio, poll_id=poll["id"], answer_id=answers[3]["id"], action="hide")
            page.wait_for_timeout(1800)  # results coalesce, bars ease, the cloud redraws at most 1/s
            if name == "quiz":
                shot(page, out, "quiz-2-live-answered", animations="allow")
                api.call("POST", f"/api/v1/polls/{poll['id']}/close")
                page.wait_for_selector("#screen[data-quiz-phase=answer]")
                page.wait_for_timeout(1200)
                shot(page, out, "quiz-3-answer")
                page.keyboard.press("l")
                page.wait_for_timeout(2000)
                shot(page, out, "quiz-4-leaderboard")
                phone_results(api, phone, poll, out, name)
                continue
            shot(page, out, name)
            if name in PHONE_RESULTS:
                phone_results(api, phone, poll, out, name)
            if name in ("open", "wordcloud"):
                console.goto(f"{event['presenter_url']}/moderate")
                console.wait_for_timeout(800)
                shot(console, out, f"{name}-console")
        qids = ask_sample_questions(base, code, people)
        for qid in qids[:3]:
            moderate(sio, question_id=qid, action="approve")
        moderate(sio, question_id=qids[2], action="highlight")
        page.wait_for_timeout(800)
        shot(page, out, "qa-spotlight")
        page.keyboard.press("a")
        page.wait_for_timeout(800)
        shot(page, out, "qa-view")
        page.keyboard.press("a")
        moderate(sio, question_id=qids[1], action="answer")
        console.goto(f"{event['presenter_url']}/moderate")
        console.wait_for_timeout(800)
        console.evaluate("document.querySelectorAll('.console-done').forEach((d) => { d.open = true; })")
        shot(console, out, "moderator-console")
        browser.close()
    sio.disconnect()
    if errors:
        print("uncaught JavaScript errors:", *errors, sep="\n", file=sys.stderr)
    return not errors


def phone_results(api, phone, poll, out, name):
    """The phone's view of the results once the presenter reveals them."""
    api.call("POST", f"/api/v1/polls/{poll['id']}/reveal")
    phone.wait_for_timeout(1000)
    phone.screenshot(path=str(out / f"phone-{name}.png"), full_page=True, animations="disabled")


def shot(page, out, name, animations="disabled"):
    page.screenshot(path=str(out / f"{name}.png"), animations=animations)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", default=".", help="the checkout to serve")
    parser.add_argument("--port", type=int, default=5602)
    parser.add_argument("--out", default="after", help="folder name under tests/artifacts/screens/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(os.path.abspath(args.tree), args.port, data_dir)
        try:
            ok = run(f"http://127.0.0.1:{args.port}", ARTIFACTS / "screens" / args.out)
        finally:
            server.terminate()
            server.wait(15)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
