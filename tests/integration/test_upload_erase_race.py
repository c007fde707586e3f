"""A video uploaded while its event is erased: erasure wins every race. Nothing is stored, queued or
transcribed, and no key of the event nor any file is left (issue 15, item 14, the upload part)."""

import socket
import time

import pytest
import requests

from tests.helpers.api import sign_in
from tests.helpers.clips import make_clip
from tests.helpers.leftovers import keys_mentioning
from tests.helpers.servers import LiveServer

from .test_disk_reserve import make_noise_clip


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    return {"small": make_clip(folder / "clip.webm", 2.0, "webm"), "large": make_noise_clip(folder / "noise.webm")}


@pytest.fixture(scope="module")
def server(redis_url, tmp_path_factory):
    # transcripts on but no worker: a queued job would stay in the queue for the test to see
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "1", "WORKERS": "0"}
    server = LiveServer(env, tmp_path_factory.mktemp("race") / "data").start()
    yield server
    server.stop()


def open_event(organizer, http):
    event = organizer.event("Erased while uploading")
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    token = http.request("POST", f"/api/v1/join/{event['code']}").body["participant_token"]
    return event, token


def upload_request(server, event, token, clip):
    return requests.Request(
        "POST",
        f"{server.url}/api/v1/join/{event['code']}/reactions",
        data={"consent": "true"},
        files={"video": ("clip.webm", clip.read_bytes(), "video/webm")},
        headers={"X-Participant-Token": token},
    ).prepare()


def assert_nothing_left(server, redis_client, event, stored_first=False):
    """No key of the event, no file; no transcript queued, unless the video was stored before the
    erasure began (`stored_first`): then its job may wait in the queue, for a reaction that is gone
    (the worker drops it)."""
    eid = event["id"]
    assert keys_mentioning(redis_client, eid, event["code"]) == []
    if not stored_first:
        jobs = [fields for _, fields in redis_client.xrange("hetki:jobs")] if redis_client.exists("hetki:jobs") else []
        assert not [job for job in jobs if job.get(b"event") == eid.encode()], "a transcript was queued"
    media = server.data_dir / "media"
    assert not (media / eid).exists(), sorted(str(p) for p in (media / eid).rglob("*"))
    assert not any((media / ".incoming").iterdir()), "an upload's temp file was left"


def upload_while_erasing(server, organizer, event, token, clip, sent_first, delay):
    """Sends the upload's headers and the first `sent_first` of its body, waits `delay` seconds,
    erases the event, sends the rest; the reply's status and body."""
    prepared = upload_request(server, event, token, clip)
    head = f"POST {prepared.path_url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in prepared.headers.items()) + "\r\n"
    body = prepared.body
    split = int(len(body) * sent_first)
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode() + body[:split])
        time.sleep(delay)
        assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
        sock.sendall(body[split:])
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1]), reply.split(b"\r\n\r\n", 1)[1]


def test_an_upload_whose_event_is_erased_while_its_body_arrives_stores_nothing(server, hetki, redis_client, clips):
    http = server.http()
    organizer = sign_in(http, hetki, "ada@example.org")
    event, token = open_event(organizer, http)
    # half the body sent and 0.5 s: the handler has found the event and the participant, and waits
    status, body = upload_while_erasing(server, organizer, event, token, clips["small"], 0.5, 0.5)
    assert status == 404 and b'"event_not_found"' in body, body[:300]
    assert_nothing_left(server, redis_client, event)


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3, 0.6, 1.0, 3.0])
def test_an_upload_racing_the_erasure_leaves_nothing_whoever_wins(server, hetki, redis_client, clips, delay):
    """The whole body sent, the erasure lands `delay` later: during the upload's probe, remux,
    poster or recording, or after it. Whichever finishes first, the event leaves nothing behind."""
    http = server.http()
    organizer = sign_in(http, hetki, "ada@example.org")
    event, token = open_event(organizer, http)
    status, body = upload_while_erasing(server, organizer, event, token, clips["large"], 1.0, delay)
    assert status in (201, 404), body[:300]
    assert_nothing_left(server, redis_client, event, stored_first=status == 201)


def test_the_sweep_removes_what_an_erased_event_left(organizer, hetki, redis_client, config):
    """Keys an older version left when an upload raced the erasure (a reaction hash, the list, the
    sweep's set), and files left by a process that stopped between storing a video and recording
    it: the retention sweep removes them, and leaves live events alone."""
    live = organizer.event("Stays")["id"]
    for eid in ("gone1", "gone2", live):
        (config.MEDIA_DIR / eid).mkdir(parents=True)
        (config.MEDIA_DIR / eid / "r1.webm").write_bytes(b"video")
    redis_client.hset("hetki:{gone1}:reaction:r1", mapping={"id": "r1", "kind": "video"})
    redis_client.zadd("hetki:{gone1}:reactions", {"r1": 1})
    redis_client.sadd("hetki:reaction-events", "gone1")

    hetki.reactions.purge_expired()

    assert keys_mentioning(redis_client, "gone1", "gone2") == []
    assert sorted(p.name for p in config.MEDIA_DIR.iterdir() if not p.name.startswith(".")) == [live]
    assert (config.MEDIA_DIR / live / "r1.webm").exists() and redis_client.exists(f"hetki:{{{live}}}:event")
