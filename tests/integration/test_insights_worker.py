"""Insights are made by the server's own job worker, never on the organizer's request (issue 15,
item 5): with thousands of texts the request answers at once, and the worker's themes follow."""

import subprocess
import time

import pytest

from tests.helpers.api import sign_in
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer

TEXTS = 3000


@pytest.fixture(scope="module")
def server(redis_url, tmp_path_factory):
    env = {
        "REDIS_URL": redis_url,
        "TRANSCRIBE": "0",
        "WORKERS": "1",
        "INSIGHTS_REFRESH_SECONDS": "0",
        "THEMES_MODEL": "off",
    }
    server = LiveServer(env, tmp_path_factory.mktemp("insights")).start()
    yield server
    server.stop()


def seed_answers(hetki, organizer, count):
    event = organizer.event("Many words")
    poll = organizer.poll(event["id"], type="open", question="What should we change?", options=None)
    organizer.open(poll["id"])
    stored = hetki.events.get(event["id"])
    topics = ("coffee breaks", "the sound", "longer lunch", "more demos")
    for n in range(count):
        participant, _ = hetki.participants.join(stored)
        text = f"Answer {n}: please fix {topics[n % 4]} and {topics[(n * 7) % 4]} number {n * 31 % 997}"
        hetki.votes.cast(event["id"], poll["id"], participant, text, f"seed-{n}")
    return event


@pytest.mark.slow
def test_the_request_answers_at_once_and_the_servers_worker_makes_the_themes(server, hetki):
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    event = seed_answers(hetki, organizer, TEXTS)
    path = f"/api/v1/events/{event['id']}/insights"
    started = time.monotonic()
    first = organizer.call("GET", path)
    answered = time.monotonic() - started
    assert first.status == 200 and first.body["computing"] is True and first.body["themes"] == []
    made = {}

    def worker_made_them():
        made.update(organizer.call("GET", path).body)
        return made["texts"] == TEXTS

    assert wait_until(worker_made_them, timeout=120, interval=0.5), made
    took = time.monotonic() - started
    print(
        f"\ninsights request with {TEXTS} texts answered in {answered * 1000:.0f} ms; the worker made them in {took:.1f} s"
    )
    assert {"demos", "sound"} <= {t["phrase"] for t in made["themes"]}, [t["phrase"] for t in made["themes"]]
    assert answered < 1.0  # reads and a queued job, no theme work


@pytest.fixture
def idle_server(redis_url, tmp_path):
    """A server whose one worker has nothing else to do (the module's may still be busy with 3,000 texts)."""
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "1", "THEMES_MODEL": "off"}
    server = LiveServer(env, tmp_path / "idle").start()
    yield server
    server.stop()


def test_the_first_report_waits_for_the_workers_themes(idle_server, hetki, tmp_path):
    """The PDF is printed once: it carries the themes, not "no themes yet" (they were being made)."""
    organizer = sign_in(idle_server.http(), hetki, "ada@example.org")
    event = seed_answers(hetki, organizer, 40)
    reply = organizer.http.session.get(
        f"{organizer.http.base}/api/v1/events/{event['id']}/report.pdf",
        headers={"Authorization": f"Bearer {organizer.token}"},
        timeout=120,
    )
    assert reply.status_code == 200, reply.text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reply.content)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "No recurring themes yet" not in text
    assert "demos" in text and "sound" in text


def test_the_transcript_queue_counts_clips_not_themes(server, hetki):
    """The gallery's "clips waiting for transcription" is not moved by the themes job beside them."""
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    event = organizer.event("Nothing filmed")
    hetki.store.jobs.enqueue({"kind": "insights", "event": event["id"]})
    hetki.store.jobs.enqueue({"kind": "transcribe", "event": event["id"], "reaction": "r1"})
    assert hetki.reactions.queue() == {"depth": 1}
