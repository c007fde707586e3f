"""What is stored is what was probed, within quotas: junk after a clip is not kept, and a participant
or an event stores only so many videos and bytes (issue 15, item 6)."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from server.media import video
from tests.helpers.api import FlaskHttp, upload
from tests.helpers.clients import join
from tests.helpers.clips import make_clip
from tests.helpers.leftovers import media_files

JUNK_BYTES = 39 * 1024 * 1024


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.webm", 2.0, "webm")


@pytest.fixture
def event(organizer, http):
    event = organizer.event("Closing keynote")
    organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    http.request("POST", f"/api/v1/join/{event['code']}")  # this client is now a participant
    return event


@pytest.mark.parametrize("container", ["webm", "mp4"])
def test_junk_after_a_clip_is_not_stored(http, event, config, tmp_path, container):
    clip = make_clip(tmp_path / f"clip.{container}", 2.0, container)
    padded = clip.read_bytes() + os.urandom(JUNK_BYTES)
    reply = upload(http, event, padded, filename=f"clip.{container}")
    assert reply.status == 201, reply.body
    stored = config.MEDIA_DIR / event["id"] / f"{reply.body['id']}.{container}"
    assert stored.stat().st_size < 2 * clip.stat().st_size, "the junk after the clip was stored"
    assert reply.body["size"] == stored.stat().st_size
    kept = video.probe(stored)
    assert kept.extension == container and abs(kept.duration - 2.0) < 0.2
    assert sum(f.stat().st_size for f in config.MEDIA_DIR.rglob("*") if f.is_file()) < 1024 * 1024


def test_a_participant_stores_three_videos_then_429_until_one_is_deleted(http, event, config, clip):
    ids = []
    for _ in range(3):
        reply = upload(http, event, clip.read_bytes())
        assert reply.status == 201, reply.body
        ids.append(reply.body["id"])
    files = media_files(config)
    refused = upload(http, event, clip.read_bytes())
    assert refused.status == 429 and refused.body["error"]["code"] == "video_quota", refused.body
    assert refused.body["error"]["message"]
    assert media_files(config) == files, "a refused upload left a file"
    assert upload(http, event, None, text="Words are not videos").status == 201
    assert http.request("DELETE", f"/api/v1/join/{event['code']}/reactions/{ids[0]}").status == 204
    assert upload(http, event, clip.read_bytes()).status == 201


def another_participant(app, event):
    http = FlaskHttp(app.test_client())
    assert http.request("POST", f"/api/v1/join/{event['code']}").status == 201
    return http


@pytest.fixture
def small_quota(config, clip):
    """Room for one stored clip per participant and two per event."""
    size = clip.stat().st_size
    config.MEDIA_BYTES_PER_PARTICIPANT = int(1.5 * size)
    config.MEDIA_BYTES_PER_EVENT = int(2.5 * size)
    return config


def test_bytes_per_participant_413_and_per_event_507(small_quota, app, http, event, config, clip):
    assert upload(http, event, clip.read_bytes()).status == 201
    over = upload(http, event, clip.read_bytes())
    assert over.status == 413 and over.body["error"]["code"] == "video_quota", over.body

    assert upload(another_participant(app, event), event, clip.read_bytes()).status == 201
    full = upload(another_participant(app, event), event, clip.read_bytes())
    assert full.status == 507 and full.body["error"]["code"] == "event_media_full", full.body
    assert len([f for f in media_files(config) if f.endswith(".webm")]) == 2


def test_the_quota_holds_when_the_check_before_reading_is_passed(hetki, organizer, config, clip, tmp_path):
    """Uploads sent at once all pass the check before their body is read; the one that records the
    reaction (atomically, with the count) refuses the fourth and removes its files."""
    event = organizer.event("Race")
    eid = event["id"]
    hetki.reactions.set_open(eid, True)
    event = hetki.events.get(eid)
    pid, _ = hetki.participants.join(event)
    for _ in range(3):
        hetki.reactions.admit_video(eid, pid, clip.stat().st_size)  # all three pass: none recorded yet
    outcomes = []
    for n in range(4):
        temp = tmp_path / f"u{n}.webm"
        temp.write_bytes(clip.read_bytes())
        try:
            hetki.reactions.submit(event, pid, True, None, temp, temp.stat().st_size)
            outcomes.append(201)
        except Exception as error:  # a DomainError: its status is what is checked
            outcomes.append(getattr(error, "status", 500))
    assert outcomes == [201, 201, 201, 429]
    assert len([f for f in media_files(config) if f.endswith(".webm")]) == 3


def test_uploads_sent_at_once_store_three_videos_no_more(live_server, live_organizer, clip):
    """Six uploads of one phone at once, on the real server: each passes the check before its body
    is read, and the count taken when each is recorded lets exactly three in."""
    event = live_organizer.event("At once")
    live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    token = {"X-Participant-Token": join(live_server.http(), event["code"])}
    form, files = {"consent": "true"}, {"video": ("clip.webm", clip.read_bytes(), "video/webm")}
    path = f"/api/v1/join/{event['code']}/reactions"

    def send(_):  # a connection of its own each
        return live_server.http().request("POST", path, data=form, files=files, headers=token)

    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(send, range(6)))
    statuses = sorted(r.status for r in replies)
    assert statuses == [201, 201, 201, 429, 429, 429], [(r.status, r.body) for r in replies]
    stored = list((live_server.data_dir / "media" / event["id"]).glob("*.webm"))
    assert len(stored) == 3
