"""Issue 17, items 1, 5 and 9 over the socket and HTTP: the screen hears how many joined (a burst as a
few coalesced counts, never one message a join), whether reactions are open, and is served in the
event's language (the page and its PDF report) whatever the organizer's cookie or browser say."""

import asyncio
import subprocess
import time

from server.realtime.sockets.broadcast import PARTICIPANTS_INTERVAL
from tests.helpers.clients import PresenterScreen, join_many

BURST = 600


def screen_of(live_server, event):
    return PresenterScreen(live_server.url, {"key": event["presenter_url"].rsplit("/p/", 1)[1]}).connect()


def test_a_join_burst_reaches_the_screen_as_a_few_coalesced_counts(live_server, live_organizer):
    event = live_organizer.event("Burst")
    screen = screen_of(live_server, event)
    try:
        assert screen.wait_for("participants")["count"] == 0  # on connect, before any tick
        started = time.monotonic()
        asyncio.run(join_many(live_server.url, event["code"], BURST))
        took = time.monotonic() - started
        screen.wait_for("participants", lambda m: m["count"] == BURST, timeout=2.0)
        counts = [m["count"] for m in screen.of("participants")]
        print(f"{BURST} joins in {took:.1f} s reached the screen as {len(counts)} messages: {counts}")
        # the tick sends only when the number moved (its first look at a new screen's event aside)
        assert counts == sorted(counts) and len(set(counts[1:])) == len(counts) - 1
        assert len(counts) <= 2 + (took + 2.0) / PARTICIPANTS_INTERVAL
        assert len(counts) < BURST / 10
    finally:
        screen.close()


def test_the_screen_hears_reactions_open_and_close(live_server, live_organizer):
    event = live_organizer.event("Reactions")
    screen = screen_of(live_server, event)
    try:
        assert screen.wait_for("reactions")["open"] is False
        assert live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
        assert screen.wait_for("reactions", lambda m: m["open"])["limit_seconds"] == 60
        assert live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/close").status == 200
        deadline = time.monotonic() + 2.0
        while len(screen.of("reactions")) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [m["open"] for m in screen.of("reactions")] == [False, True, False]
    finally:
        screen.close()


def test_the_screen_speaks_the_events_language_not_the_organizers(client, organizer):
    event = organizer.event("Kevät")
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"}).status == 200
    path = "/p/" + event["presenter_url"].rsplit("/p/", 1)[1]
    client.set_cookie("hetki_lang", "en")  # the organizer's own pages are in English
    page = client.get(path, headers={"Accept-Language": "en-US,en"}).get_data(as_text=True)
    assert '<html lang="fi"' in page and "Liity osoitteessa" in page
    page = client.get(path + "?lang=en", headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert '<html lang="en"' in page and "Join at" in page  # an explicit switch still wins
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "browser"}).status == 200
    client.delete_cookie("hetki_lang")
    page = client.get(path, headers={"Accept-Language": "fi-FI,fi"}).get_data(as_text=True)
    assert '<html lang="fi"' in page  # an event in the attendees' own languages: the browser's


def test_the_report_pdf_is_in_the_events_language_for_an_english_organizer(live_organizer, tmp_path):
    event = live_organizer.event("Henkilöstöpäivä")
    assert live_organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"}).status == 200
    reply = live_organizer.http.session.get(
        f"{live_organizer.http.base}/api/v1/events/{event['id']}/report.pdf",
        headers={"Authorization": f"Bearer {live_organizer.token}", "Accept-Language": "en-US,en"},
        cookies={"hetki_lang": "en"},
        timeout=90,
    )
    assert reply.status_code == 200, reply.text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reply.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\xad", "").lower()  # soft hyphens: the page hyphenates Finnish
    assert "reaktiot" in text and "hetki-raportti" in text
    assert "reactions" not in text and "report" not in text
