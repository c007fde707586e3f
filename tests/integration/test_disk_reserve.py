"""A full disk costs only that upload, in the default layout: DATA_DIR on one real small tmpfs holding
the embedded Redis (its append-only file) and the media. Uploads fill it until 507 while votes,
sign-ins and /healthz go on: the reserve left free keeps Redis writing (issue 15, item 6)."""

import os
import signal
import subprocess
import threading
import time
from fractions import Fraction

import av
import numpy as np
import pytest
import redis

from server import create_app
from server.runtime.config import Config
from server.runtime.redis_embedded import url_for
from tests.helpers.api import LiveHttp, Organizer
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer

TMPFS_BYTES = 64 * 1024 * 1024
RESERVE_BYTES = 24 * 1024 * 1024
REDIS_GROWTH_BYTES = 8 * 1024 * 1024
PASSWORD = "correct horse battery"


def make_noise_clip(path, seconds=1.0, fps=15, size=(640, 480)):
    """A real WebM of random pictures: VP8 cannot compress noise, so a second weighs megabytes."""
    rng = np.random.default_rng(7)
    with av.open(str(path), mode="w", format="webm") as output:
        video = output.add_stream("libvpx", rate=fps, options={"qmin": "0", "qmax": "4", "cpu-used": "8"})
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        video.bit_rate = 40_000_000
        for i in range(int(seconds * fps)):
            pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, "rgb24").reformat(format="yuv420p")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in video.encode(frame):
                output.mux(packet)
        for packet in video.encode(None):
            output.mux(packet)
    return path


@pytest.fixture
def small_data_dir(tmp_path):
    """DATA_DIR on its own 64 MB tmpfs (needs root, as in CI's container); unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    data = tmp_path / "data"
    data.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(data)], check=True)
    yield data
    subprocess.run(["umount", "-l", str(data)], check=True)


@pytest.fixture
def server(small_data_dir):
    env = {
        "REDIS_URL": "",  # the default: an embedded Redis with its AOF in DATA_DIR, media in DATA_DIR/media
        "DISK_RESERVE_BYTES": str(RESERVE_BYTES),
        "MEDIA_VIDEOS_PER_PARTICIPANT": "100",  # one phone fills the disk: the quotas are tested apart
        "MEDIA_BYTES_PER_PARTICIPANT": str(TMPFS_BYTES),
        "REACTIONS_PER_PARTICIPANT": "100",
        "REACTION_BYTES_PER_PARTICIPANT": str(TMPFS_BYTES),
        "RATE_LIMIT_LOGIN_ACCOUNT": "",  # the writer signs in again and again
        "RATE_LIMIT_LOGIN_IP": "",
        "TRANSCRIBE": "0",
        "WORKERS": "0",
    }
    server = LiveServer(env, small_data_dir).start()
    yield server
    server.stop()
    pidfile = small_data_dir / "redis.pid"
    if pidfile.exists():  # the embedded Redis stops with its last server; one that cannot is killed
        pid = int(pidfile.read_text())
        if not wait_until(lambda: not os.path.exists(f"/proc/{pid}"), timeout=10):
            os.kill(pid, signal.SIGKILL)


def free_bytes(path):
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def sign_in(http):
    return http.request("POST", "/api/v1/token", json={"email": "ada@example.org", "password": PASSWORD})


@pytest.mark.slow
def test_uploads_fill_the_disk_until_507_and_redis_keeps_writing(server, small_data_dir, tmp_path):
    config = Config(
        REDIS_URL=url_for(small_data_dir),
        DATA_DIR=tmp_path / "app",
        SECRET_KEY="test-secret",
        MESSAGE_QUEUE=False,
        TRANSCRIBE=False,
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
    )
    create_app(config).extensions["hetki"].organizers.create("ada@example.org", PASSWORD)
    http = server.http()
    organizer = Organizer(http, sign_in(http).body["token"], "ada@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    token = http.request("POST", f"/api/v1/join/{event['code']}").body["participant_token"]
    clip = make_noise_clip(tmp_path / "noise.webm").read_bytes()
    assert len(clip) > 3 * 1024 * 1024

    statuses, stop = [], threading.Event()

    def keep_writing():  # a vote, a sign-in and a health check, over and over while the disk fills
        voter = LiveHttp(server.url)
        headers = {"X-Participant-Token": token}
        while not stop.is_set():
            vote = {"value": "o1", "client_vote_id": f"c{len(statuses)}"}
            statuses.append(
                ("vote", voter.request("POST", f"/api/v1/polls/{poll['id']}/votes", json=vote, headers=headers).status)
            )
            statuses.append(("sign-in", sign_in(voter).status))
            statuses.append(("healthz", voter.request("GET", "/healthz").status))

    writer = threading.Thread(target=keep_writing)
    writer.start()
    replies = []
    try:
        upload = LiveHttp(server.url)
        upload.session.headers["X-Participant-Token"] = token
        for _ in range(TMPFS_BYTES // len(clip) + 2):
            reply = upload.request(
                "POST",
                f"/api/v1/join/{event['code']}/reactions",
                data={"consent": "true"},
                files={"video": ("clip.webm", clip)},
            )
            replies.append(reply)
            if reply.status != 201:
                break
    finally:
        time.sleep(0.5)
        stop.set()
        writer.join(30)

    stored = [r for r in replies if r.status == 201]
    assert len(stored) >= 4, [(r.status, r.body) for r in replies]
    last = replies[-1]
    assert last.status == 507 and last.body["error"]["code"] == "storage_full", (last.status, last.body)
    assert free_bytes(small_data_dir) >= RESERVE_BYTES, "uploads took the room kept for Redis"
    failed = [s for s in statuses if s[1] != 200]
    assert statuses and not failed, failed[:5]

    # after: Redis still has room to grow its AOF (8 MB standing in for an evening of votes), and
    # every write path answers; a text reaction still goes in
    embedded = redis.Redis.from_url(url_for(small_data_dir))
    embedded.set("test:growth", os.urandom(REDIS_GROWTH_BYTES))
    time.sleep(1.5)  # the AOF is written (and a failed write noticed) within a second
    embedded.delete("test:growth")
    assert embedded.info("persistence")["aof_last_write_status"] == "ok"
    assert sign_in(http).status == 200 and http.request("GET", "/healthz").status == 200
    vote = {"value": "o2", "client_vote_id": "after"}
    headers = {"X-Participant-Token": token}
    assert http.request("POST", f"/api/v1/polls/{poll['id']}/votes", json=vote, headers=headers).status == 200
    assert organizer.results(poll["id"])["counts"]["o2"] == 1
    text = http.request("POST", f"/api/v1/join/{event['code']}/reactions", data={"text": "Still here"}, headers=headers)
    assert text.status == 201, text.body
