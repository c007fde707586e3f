"""Sign-ins never wait behind media or analysis (issue 15, item 5): password hashing has its own
offload lane, so a sign-in waits for at most the hashes ahead of it, never for a video's poster.

Before, one slot served both: a frame bomb held it for 16–26 s and a sign-in waited behind it."""

import threading
import time

import pytest
import requests

from server.domain.organizers import Organizers
from server.runtime.offload import WORKERS, run_blocking
from tests.helpers.api import sign_in
from tests.helpers.clips import make_frame_bomb
from tests.helpers.servers import LiveServer

DECODE_SECONDS = 4
BOMBS = 3 * WORKERS + 1  # enough to keep every content slot busy for over 12 s


@pytest.fixture(scope="module", params=["eventlet", "gevent"])
def server(redis_url, tmp_path_factory, request):
    env = {
        "ASYNC_MODE": request.param,
        "REDIS_URL": redis_url,
        "TRANSCRIBE": "0",
        "WORKERS": "0",
        "PASSWORD_HASH_METHOD": "scrypt",
        "MEDIA_DECODE_SECONDS": str(DECODE_SECONDS),
        "RATE_LIMIT_LOGIN_ACCOUNT": "",
        "RATE_LIMIT_LOGIN_IP": "",
    }
    server = LiveServer(env, tmp_path_factory.mktemp("lanes")).start()
    yield server
    server.stop()


@pytest.mark.slow
def test_a_sign_in_completes_while_frame_bombs_hold_the_content_lane(server, hetki, tmp_path):
    bomb = make_frame_bomb(tmp_path / "bomb.webm").read_bytes()
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    Organizers(hetki.store, 60, "scrypt", run_blocking=run_blocking).create("grace@example.org", "the right one")
    event = organizer.event()
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    url = f"{server.url}/api/v1/join/{event['code']}"
    replies = []

    def upload():
        token = requests.post(url, timeout=10).json()["participant_token"]
        files = {"video": ("bomb.webm", bomb, "video/webm")}
        reply = requests.post(
            f"{url}/reactions",
            headers={"X-Participant-Token": token},
            data={"consent": "true"},
            files=files,
            timeout=120,
        )
        replies.append((time.monotonic(), reply.status_code, reply.json().get("error", {}).get("code")))

    start = time.monotonic()
    uploads = [threading.Thread(target=upload) for _ in range(BOMBS)]
    for thread in uploads:
        thread.start()
    time.sleep(1.5)  # the bombs are on the content lane (or queued for it)
    asked = time.monotonic()
    reply = requests.post(
        f"{server.url}/api/v1/token", json={"email": "grace@example.org", "password": "the right one"}, timeout=120
    )
    signed_in = time.monotonic() - asked
    for thread in uploads:
        thread.join(120)
    busy = max((at for at, _, _ in replies), default=start) - start
    print(f"\nsign-in took {signed_in:.2f} s while {BOMBS} frame bombs held the content lane for {busy:.1f} s")
    assert signed_in < 3, signed_in
    assert reply.status_code == 200, reply.text
    assert {(status, code) for _, status, code in replies} == {(422, "video_too_costly")}
    assert busy > 2 * DECODE_SECONDS  # the content lane really was busy long after the sign-in
