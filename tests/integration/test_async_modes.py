"""Both async modes, briefly: the socket path on eventlet (the default) and on gevent (ASYNC_MODE),
and a bounded SIGTERM after which phones reconnect to the restarted server."""

import concurrent.futures
import signal
import time

import pytest
import requests

from tests.helpers.api import sign_in
from tests.helpers.clients import Phone, PresenterScreen, join
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer

STOP_LIMIT_SECONDS = 5


@pytest.fixture
def organizer_of(hetki):
    def sign_in_at(server):
        assert server.process.poll() is None, f"the test server exited with {server.process.returncode}"
        return sign_in(server.http(), hetki, "ada@example.org")

    return sign_in_at


def open_poll(organizer):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    return event, poll


def test_connect_vote_ack_and_presenter_results(any_live_server, organizer_of):
    organizer = organizer_of(any_live_server)
    event, poll = open_poll(organizer)
    phone = Phone(any_live_server.url, event["code"], join(any_live_server.http(), event["code"])).connect()
    screen = PresenterScreen(any_live_server.url, {"token": organizer.token, "event_id": event["id"]}).connect()
    try:
        assert phone.wait_for("state")["poll"]["id"] == poll["id"]
        apple, pear = poll["options"][0]["id"], poll["options"][1]["id"]
        assert phone.vote(poll["id"], apple) == {"ok": True, "outcome": "new"}
        assert screen.wait_for("results", lambda r: r["total"] == 1)["counts"][apple] == 1
        assert phone.vote(poll["id"], pear)["ok"]
        assert screen.wait_for("results", lambda r: r["counts"][pear] == 1)["counts"][apple] == 0
        refused = phone.vote(poll["id"], "no-such-option")
        assert refused["ok"] is False and refused["error"]["code"] == "invalid_value"
    finally:
        phone.close()
        screen.close()


def test_a_phone_polling_without_websocket_votes(any_live_server, organizer_of):
    organizer = organizer_of(any_live_server)
    event, poll = open_poll(organizer)
    phone = Phone(any_live_server.url, event["code"], join(any_live_server.http(), event["code"]))
    phone.sio.connect(phone.url, namespaces=[phone.namespace], auth=phone.auth, transports=["polling"])
    try:
        assert phone.wait_for("state")["poll"]["id"] == poll["id"]
        assert phone.vote(poll["id"], poll["options"][2]["id"])["ok"]
        assert organizer.results(poll["id"])["counts"][poll["options"][2]["id"]] == 1
    finally:
        phone.close()


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_sigterm_drops_phones_at_once_and_they_reconnect_to_the_restarted_server(mode, redis_url, hetki, tmp_path):
    server = LiveServer({"REDIS_URL": redis_url, "WORKERS": "0", "ASYNC_MODE": mode}, tmp_path / "data").start()
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    event, poll = open_poll(organizer)
    phones = [Phone(server.url, event["code"], join(server.http(), event["code"])).connect() for _ in range(5)]
    try:
        for phone in phones:
            assert phone.vote(poll["id"], poll["options"][0]["id"])["ok"]
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert wait_until(lambda: all(not p.connected() for p in phones), 3), "phones were not dropped"
        dropped = time.monotonic() - started
        server.process.wait(STOP_LIMIT_SECONDS)
        stopped = time.monotonic() - started
        server.start()  # the same port
        assert wait_until(lambda: all(p.connected() and len(p.of("state")) == 2 for p in phones), 15), (
            "phones did not come back"
        )
        assert all(p.of("state")[-1]["vote"] == poll["options"][0]["id"] for p in phones)
        assert phones[0].vote(poll["id"], poll["options"][1]["id"])["ok"]
        print(f"{mode}: phones dropped {dropped:.2f} s after SIGTERM, exit {stopped:.2f} s")
    finally:
        for phone in phones:
            phone.close()
        server.stop()


def test_gevent_server_prints_the_pdf_report_while_phones_vote(live_server_gevent, organizer_of):
    """The report is the one offloaded job that gevent cannot run in an OS thread (its subprocess
    waits on the main loop): it is waited for on the loop, and phones go on voting meanwhile."""
    organizer = organizer_of(live_server_gevent)
    event, poll = open_poll(organizer)
    phone = Phone(live_server_gevent.url, event["code"], join(live_server_gevent.http(), event["code"])).connect()
    url = f"{live_server_gevent.url}/api/v1/events/{event['id']}/report.pdf"
    headers = {"Authorization": f"Bearer {organizer.token}"}
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            report = pool.submit(requests.get, url, headers=headers, timeout=90)
            acks = []
            while not report.done():
                sent = time.monotonic()
                assert phone.vote(poll["id"], poll["options"][len(acks) % 3]["id"])["ok"]
                acks.append(time.monotonic() - sent)
                time.sleep(0.05)
        reply = report.result()
        assert reply.status_code == 200, reply.text
        assert reply.content.startswith(b"%PDF-")
        assert len(acks) >= 5 and max(acks) < 0.5, acks
    finally:
        phone.close()
