"""The remote in the pocket, clicker keys, and polls outside Hetki: embeds framed by other sites,
the webinar overlay, and a poll's result as PNG and SVG (issue 20, items 2 and 3)."""

import base64
import io
import re
import subprocess
import sys
import uuid
from xml.etree import ElementTree

import pytest
import requests
from PIL import Image, ImageChops
from playwright.sync_api import expect

from tests.helpers.api import sign_in
from tests.helpers.browser import PHONE
from tests.helpers.clients import join, vote_over_http
from tests.helpers.processes import free_port, wait_until
from tests.helpers.servers import LiveServer

from .test_vote_flow import wait_online

SHOTS = "/tmp/hk/shots/U2"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "en-US"}


def key_of(event):
    return event["presenter_url"].rsplit("/p/", 1)[1]


def test_the_remote_on_a_phone_drives_the_screen(live_organizer, live_server, open_page):
    event = live_organizer.event("Pocket")
    first = live_organizer.poll(event["id"], question="First?")
    live_organizer.poll(event["id"], question="Second?")
    key = key_of(event)
    screen = open_page("screen", **SCREEN)
    screen.goto(f"/p/{key}")
    wait_online(screen)
    remote = open_page("remote", **PHONE, user_agent=IPHONE)
    remote.goto(f"/p/{key}")  # the presenter link itself: a phone gets the remote
    wait_online(remote)
    expect(remote.locator("#remote")).to_be_visible()
    remote.get_by_role("button", name="Next poll").click()
    expect(screen.locator("#question")).to_have_text("First?")
    expect(remote.locator("#question")).to_have_text("First?")
    voter = live_server.http()
    token = join(voter, event["code"])
    vote_over_http(voter, first["id"], token, first["options"][0]["id"], uuid.uuid4().hex)
    expect(remote.locator("#answers")).to_have_attribute("data-n", "1")
    expect(remote.locator("#joined")).to_have_attribute("data-n", "1")
    remote.get_by_role("button", name="Hide results on screen").click()
    expect(screen.locator("#results-hidden")).to_be_visible()
    screen.keyboard.press("b")  # the screen's own key is told to the remote
    expect(remote.get_by_role("button", name="Hide results on screen")).to_be_visible()
    remote.get_by_role("button", name="Show results on phones").click()
    expect(screen.locator("#poll-state")).to_contain_text("Results visible on phones")
    remote.get_by_role("button", name="Close").click()
    expect(screen.locator("#poll-state")).to_contain_text("closed", ignore_case=True)
    remote.get_by_role("button", name="Next poll").click()
    expect(screen.locator("#question")).to_have_text("Second?")
    remote.get_by_role("button", name="Start").click()
    expect(remote.locator("#stopwatch")).to_have_text("0:01", timeout=3000)
    expect(remote.locator("#moderate-link")).to_have_attribute("href", f"/p/{key}/moderate")
    remote.screenshot(path=f"{SHOTS}/remote-phone.png")
    screen.screenshot(path=f"{SHOTS}/remote-screen.png")


def test_clicker_keys_page_through_and_blank(live_organizer, open_page):
    event = live_organizer.event("Clicker")
    live_organizer.poll(event["id"], question="One?")
    live_organizer.poll(event["id"], question="Two?")
    screen = open_page("screen", **SCREEN)
    screen.goto(f"/p/{key_of(event)}")
    wait_online(screen)
    screen.keyboard.press("PageDown")
    expect(screen.locator("#question")).to_have_text("One?")
    screen.keyboard.press("PageDown")
    expect(screen.locator("#question")).to_have_text("Two?")
    screen.keyboard.press("PageUp")
    expect(screen.locator("#question")).to_have_text("One?")
    screen.keyboard.press(".")
    expect(screen.locator("#results-hidden")).to_be_visible()
    screen.keyboard.press(".")
    expect(screen.locator("#results-hidden")).to_be_hidden()
    screen.keyboard.press("b")
    expect(screen.locator("#results-hidden")).to_be_visible()


class _Host:
    """A tiny web site on its own port, in its own process (`python -m http.server`: a thread would be
    a green one here, since a test module monkey-patches the process): one page that frames `src`."""

    def __init__(self, folder):
        self.port, self.folder, self.pages = free_port(), folder, 0
        command = [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", folder]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_until(lambda: requests.get(self.url, timeout=1).status_code in (200, 404), timeout=10)

    def frame(self, src):
        """The address of a new page (never one the browser cached) that frames `src`."""
        self.pages += 1
        page = f'<!doctype html><iframe id="f" src="{src}" width="800" height="450"></iframe>'
        (self.folder / f"page{self.pages}.html").write_text(page)
        return f"{self.url}page{self.pages}.html"

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    allowed, elsewhere = _Host(tmp_path_factory.mktemp("allowed")), _Host(tmp_path_factory.mktemp("elsewhere"))
    yield allowed, elsewhere
    allowed.stop()
    elsewhere.stop()


@pytest.fixture(scope="module")
def framed_server(redis_url, tmp_path_factory, sites):
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0"}
    env["PRESENTER_FRAME_ANCESTORS"] = f"'self' http://127.0.0.1:{sites[0].port}"
    server = LiveServer(env, tmp_path_factory.mktemp("framed")).start()
    yield server
    server.stop()


def _framed(page, site, src):
    page.goto(site.frame(src))
    return page.frame_locator("#f")


def test_an_embed_is_framed_where_the_setting_allows(framed_server, sites, browser, hetki):
    organizer = sign_in(framed_server.http(), hetki, "ada@example.org")
    event = organizer.event("Slides")
    poll = organizer.poll(event["id"], question="Framed?")
    organizer.call("POST", f"/api/v1/polls/{poll['id']}/open")
    base, key = framed_server.url, key_of(event)
    page = browser.new_context(locale="en-US").new_page()
    frame = _framed(page, sites[0], f"{base}/p/{key}/embed")
    expect(frame.locator("#question")).to_have_text("Framed?")
    expect(frame.locator("button")).to_have_count(0)  # read-only: no controls
    page.screenshot(path=f"{SHOTS}/embed-framed.png")
    frame = _framed(page, sites[0], f"{base}/p/{key}/embed/{poll['id']}")
    expect(frame.locator("#question")).to_have_text("Framed?")
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    frame = _framed(page, sites[1], f"{base}/p/{key}/embed")  # an origin the setting does not name
    page.wait_for_timeout(1000)
    assert frame.locator("#question").count() == 0
    frame = _framed(page, sites[0], f"{base}/p/{key}/remote")  # the remote has controls: never framed
    page.wait_for_timeout(1000)
    assert frame.locator("#question").count() == 0
    assert sum("frame-ancestors" in text for text in refused) == 2, refused
    page.context.close()


def _transparent_corners(png):
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    w, h = image.size
    return [image.getpixel(xy)[3] for xy in ((2, 2), (w - 3, 2), (2, h - 3), (w - 3, h - 3))]


@pytest.mark.parametrize("layout", ["full", "lower-third"])
def test_the_overlay_has_a_transparent_background(live_organizer, open_page, layout):
    event = live_organizer.event("Webinar")
    poll = live_organizer.poll(event["id"], question="On stream?")
    live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/open")
    page = open_page("overlay", **SCREEN)
    page.goto(f"/p/{key_of(event)}/overlay?layout={layout}")
    wait_online(page)
    expect(page.locator("#question")).to_have_text("On stream?")
    expect(page.locator("#join-code")).to_have_text(event["code"])
    png = page.screenshot(omit_background=True, path=f"{SHOTS}/overlay-{layout}.png")
    assert _transparent_corners(png) == [0, 0, 0, 0]
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    assert image.getpixel((1700, 1000))[3] > 200  # the join card is drawn


def _get(server, organizer, path):
    return requests.get(server.url + path, headers={"Authorization": f"Bearer {organizer.token}"}, timeout=90)


def test_result_images_match_the_screens_view(live_organizer, live_server, open_page):
    event = live_organizer.event("Deck")
    poll = live_organizer.poll(event["id"], question="Best fruit for the deck?")
    live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/open")
    voter = live_server.http()
    for option in (0, 0, 1):
        vote_over_http(voter, poll["id"], join(voter, event["code"]), poll["options"][option]["id"], uuid.uuid4().hex)
    png_reply = _get(live_server, live_organizer, f"/api/v1/polls/{poll['id']}/result.png")
    assert png_reply.status_code == 200, png_reply.text
    png = png_reply.content
    with open(f"{SHOTS}/result.png", "wb") as file:
        file.write(png)
    drawn = Image.open(io.BytesIO(png)).convert("RGB")
    assert drawn.size == (1600, 900)
    page = open_page("embed", viewport={"width": 1600, "height": 900}, locale="en-US")
    page.goto(f"/p/{key_of(event)}/embed/{poll['id']}")
    wait_online(page)
    expect(page.locator("#total")).to_have_text("3")
    expect(page.locator(".bar-row").first).to_contain_text("67%")
    page.wait_for_timeout(800)  # the bars' transition
    seen = Image.open(io.BytesIO(page.screenshot(animations="disabled"))).convert("RGB")
    differing = sum(1 for px in ImageChops.difference(drawn, seen).convert("L").getdata() if px > 40)
    assert differing < 0.01 * 1600 * 900, f"{differing} pixels differ from the screen's view"
    svg_reply = _get(live_server, live_organizer, f"/api/v1/polls/{poll['id']}/result.svg")
    assert svg_reply.status_code == 200
    assert svg_reply.headers["Content-Type"].startswith("image/svg+xml")
    svg = svg_reply.content
    root = ElementTree.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "Best fruit for the deck?"
    assert re.search(r"Apple: 2; Pear: 1; Plum: 0; n = 3", root.find("s:desc", ns).text)
    inner = root.find("s:image", ns).get("href").split(",", 1)[1]
    assert Image.open(io.BytesIO(base64.b64decode(inner))).size == (1600, 900)
    assert live_server.http().request("GET", f"/api/v1/polls/{poll['id']}/result.png").status == 401
