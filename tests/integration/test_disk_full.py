"""A full disk under MEDIA_DIR, for real (a 1 MB tmpfs): uploads get 507, leave nothing, votes go on."""

import os
import subprocess
import threading
import time
import uuid

import pytest

from tests.helpers.api import sign_in
from tests.helpers.clients import Phone, join
from tests.helpers.clips import make_clip
from tests.helpers.servers import LiveServer

TMPFS_BYTES = 1024 * 1024


@pytest.fixture
def full_media_dir(tmp_path):
    """MEDIA_DIR on its own 1 MB tmpfs (needs root, as in CI's container); unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    media = tmp_path / "media"
    media.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(media)], check=True)
    yield media
    subprocess.run(["umount", "-l", str(media)], check=True)


@pytest.fixture
def server(redis_url, redis_client, full_media_dir, tmp_path):
    # no free-space reserve: this disk really fills (test_disk_reserve.py tests the reserve)
    env = {
        "REDIS_URL": redis_url,
        "MEDIA_DIR": str(full_media_dir),
        "DISK_RESERVE_BYTES": "0",
        "DISK_RESERVE_PERCENT": "0",
    }
    server = LiveServer(env, tmp_path / "data").start()
    yield server
    server.stop()


def files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def upload(http, code, data, name="clip.webm"):
    form = {"consent": "true"}
    return http.request("POST", f"/api/v1/join/{code}/reactions", data=form, files={"video": (name, data)})


def test_disk_full_upload_is_507_leaves_nothing_and_voting_goes_on(server, full_media_dir, hetki, tmp_path):
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    http = server.http()
    phone = Phone(server.url, event["code"], join(http, event["code"])).connect()
    phone.wait_for("state")
    options = [o["id"] for o in poll["options"]]
    before = files(full_media_dir)

    acks, stop = [], threading.Event()

    def keep_voting():
        while not stop.is_set():
            started = time.monotonic()
            ack = phone.vote(poll["id"], options[len(acks) % 3], uuid.uuid4().hex)
            acks.append((ack, time.monotonic() - started))

    voter = threading.Thread(target=keep_voting)
    voter.start()
    try:
        replies = [upload(http, event["code"], os.urandom(2 * TMPFS_BYTES)) for _ in range(5)]
    finally:
        stop.set()
        voter.join(15)
    for reply in replies:
        assert reply.status == 507, reply.body
        assert reply.body["error"]["code"] == "storage_full" and reply.body["error"]["message"]
    assert files(full_media_dir) == before, "a partial upload was left on the full disk"
    assert acks and all(ack["ok"] for ack, _ in acks), [ack for ack, _ in acks if not ack["ok"]][:3]
    assert max(seconds for _, seconds in acks) < 1.0

    # after: voting still counts exactly once, and a clip that fits is stored
    assert phone.vote(poll["id"], options[2])["ok"]
    results = organizer.results(poll["id"])
    assert results["total"] == 1 and results["counts"][options[2]] == 1
    clip = make_clip(tmp_path / "small.webm", 1.0, "webm")
    reply = upload(http, event["code"], clip.read_bytes())
    assert reply.status == 201, reply.body
    phone.close()
