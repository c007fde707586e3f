"""Screenshots of the phone (every poll type, before and after answering), the dashboard and the gallery.

For comparing a change by eye: run it against one checkout, then another, and look at the PNGs.

    .venv/bin/python tests/e2e/phone_screens.py OUT_DIR [--root CHECKOUT] [--port 5077]

It starts CHECKOUT's server (default: this one) on its own port and a fresh data directory, creates
an organizer, an event with one poll of each type and two written reactions, and drives Debian's
Chromium with the same flags as the browser tests.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve()
REPO = HERE.parent.parent.parent
sys.path.insert(0, str(REPO))
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.helpers.organizer_cli import create_organizer  # noqa: E402

EMAIL, PASSWORD = "screens@example.org", "a long screenshot secret"
POLLS = [  # (name, poll body, what a person does on the phone before the "answered" shot)
    ("single", {"type": "single", "options": ["Coffee", "Tea", "Water"]}, ["tap:o2"]),
    (
        "multiple",
        {"type": "multiple", "options": ["Talks", "Food", "Venue", "People"], "settings": {"max_choices": 2}},
        ["tap:o1", "tap:o3"],
    ),
    ("rating", {"type": "rating"}, ["tap:4"]),
    ("nps", {"type": "nps"}, ["tap:9"]),
    ("csat", {"type": "csat"}, ["tap:2"]),
    ("ces", {"type": "ces"}, ["tap:6"]),
    (
        "wordcloud",
        {"type": "wordcloud"},
        ["fill:.words-form input >> nth=0:Kahvi", "fill:.words-form input >> nth=1:Sisu"],
    ),
    ("open", {"type": "open"}, ["fill:.text-form textarea:More coffee breaks, please."]),
    ("ranking", {"type": "ranking", "options": ["Keynote", "Workshops", "Panel"]}, ["tap:o3", "tap:o1"]),
    (
        "quiz",
        {
            "type": "quiz",
            "options": ["Helsinki", "Turku", "Tampere", "Oulu"],
            "settings": {"correct": 0, "time_limit": 300},
        },
        ["tap:o1"],
    ),
]


class Api:
    def __init__(self, base):
        self.base, self.headers = base, {"Content-Type": "application/json"}

    def __call__(self, method, path, body=None, headers=None):
        request = urllib.request.Request(
            self.base + path,
            method=method,
            headers={**self.headers, **(headers or {})},
            data=json.dumps(body).encode() if body is not None else None,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return json.loads(text) if text else None


def start_server(root, port, data_dir):
    env = {**os.environ, "PORT": str(port), "DATA_DIR": str(data_dir), "HOST": "127.0.0.1"}
    env.pop("REDIS_URL", None)
    flask = str(Path(sys.executable).with_name("flask"))
    create_organizer([flask, "--app", "server"], EMAIL, PASSWORD, cwd=root, env=env)
    server = subprocess.Popen(
        [sys.executable, "-m", "server"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server in {root} did not start on port {port}")


def act(page, step):
    kind, _, rest = step.partition(":")
    if kind == "tap":
        page.locator(f'[data-role="form"] [data-option="{rest}"]').first.click()
    else:
        selector, _, value = rest.rpartition(":")
        page.locator(selector).fill(value)


def phone_screens(browser, base, api, event, out):
    for name, body, steps in POLLS:
        poll = api("POST", f"/api/v1/events/{event['id']}/polls", {"question": f"A {name} poll?", **body})
        api("POST", f"/api/v1/polls/{poll['id']}/open")
        context = browser.new_context(base_url=base, **PHONE)
        page = context.new_page()
        page.on("pageerror", lambda error, name=name: print(f"{name}: page error: {error}"))
        page.goto(f"/j/{event['code']}")
        page.locator('[data-role="question"]').filter(has_text=f"A {name} poll?").wait_for()
        if name == "quiz":
            page.locator('input[name="nickname"]').fill("Screens")
            page.locator(".nickname-form button").click()
            page.locator('[data-role="form"] [data-option]').first.wait_for()
        page.wait_for_timeout(300)
        page.screenshot(path=out / f"{name}.png", full_page=True, animations="disabled")
        for step in steps:
            act(page, step)
        page.wait_for_timeout(500)
        page.screenshot(path=out / f"{name}-answered.png", full_page=True, animations="disabled")
        context.close()


def organizer_screens(browser, base, api, event, out):
    participant = api("POST", f"/api/v1/join/{event['code']}", {})["participant_token"]
    api("POST", f"/api/v1/events/{event['id']}/reactions/open")
    for text in ("Great talk, thank you!", "The room was too warm."):
        form = f"consent=true&text={urllib.parse.quote(text)}".encode()
        request = urllib.request.Request(
            f"{base}/api/v1/join/{event['code']}/reactions",
            data=form,
            method="POST",
            headers={"X-Participant-Token": participant, "Content-Type": "application/x-www-form-urlencoded"},
        )
        urllib.request.urlopen(request, timeout=10).read()
    first = api("GET", f"/api/v1/events/{event['id']}/reactions")["reactions"][0]
    api("PATCH", f"/api/v1/events/{event['id']}/reactions/{first['id']}", {"status": "approved"})
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"organizer: page error: {error}"))
    page.goto("/login")
    page.screenshot(path=out / "login.png", full_page=True, animations="disabled")
    page.fill('input[name="email"]', EMAIL)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.locator("article.event").first.wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=out / "dashboard.png", full_page=True, animations="disabled")
    page.goto(f"/events/{event['id']}/reactions")
    page.locator(".text-card").first.wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=out / "gallery.png", full_page=True, animations="disabled")
    context.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--port", type=int, default=5077)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hetki-screens-") as data_dir:
        server, base = start_server(args.root.resolve(), args.port, data_dir)
        try:
            api = Api(base)
            api.headers["Authorization"] = (
                "Bearer " + api("POST", "/api/v1/token", {"email": EMAIL, "password": PASSWORD})["token"]
            )
            event = api("POST", "/api/v1/events", {"title": "Screens"})
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                phone_screens(browser, base, api, event, args.out.resolve())
                organizer_screens(browser, base, api, event, args.out.resolve())
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
