"""The reactions ZIP a Mac can play: a phone uploads a real WebM, the server's own job worker makes an
MP4 (H.264 + AAC) beside it and the transcript, and the ZIP carries the WebM, the MP4 and the
captions; the MP4 goes with its reaction."""

import csv
import io
import os
import zipfile

import av
import pytest
import requests

from tests.helpers.api import sign_in
from tests.helpers.clips import make_clip, make_speech_clip, speak
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer
from tests.integration.test_transcripts import ENGLISH, event_with_reactions, phone_uploads, reaction_when


@pytest.fixture(scope="module")
def server(redis_url, tmp_path_factory):
    """The real server with its default worker (one): transcripts and MP4s."""
    live = LiveServer({"REDIS_URL": redis_url, "JOB_RETRY_SECONDS": "10"}, tmp_path_factory.mktemp("mp4")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speech")
    return make_speech_clip(folder / "en.webm", speak(ENGLISH, folder / "en.wav", "en", 150))


def media_dir(server):
    return os.environ.get("MEDIA_DIR") or f"{server.env['DATA_DIR']}/media"


def mp4_state(redis_client, event, rid):
    state = redis_client.hget(f"hetki:{{{event['id']}}}:reaction:{rid}", "mp4_state")
    return state.decode() if state else None


def download_zip(server, organizer, event):
    reply = requests.get(
        f"{server.url}/api/v1/events/{event['id']}/reactions.zip",
        headers={"Authorization": f"Bearer {organizer.token}"},
        timeout=30,
    )
    assert reply.status_code == 200
    return zipfile.ZipFile(io.BytesIO(reply.content))


def test_the_zip_holds_an_h264_aac_mp4_and_the_captions_of_each_video(server, hetki, redis_client, clip, tmp_path):
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    event = event_with_reactions(organizer, "en")
    phone, reaction = phone_uploads(server, event, clip)
    rid = reaction["id"]
    assert wait_until(lambda: mp4_state(redis_client, event, rid) in ("done", "failed"), timeout=60, interval=0.2)
    assert mp4_state(redis_client, event, rid) == "done"
    assert reaction_when(organizer, event, rid)["transcript_state"] == "done"

    with download_zip(server, organizer, event) as archive:
        stem = f"videos/reaction-001-{rid}"
        assert archive.namelist() == [f"{stem}.webm", f"{stem}.h264.mp4", f"{stem}.vtt", "reactions.csv"]
        (tmp_path / "copy.mp4").write_bytes(archive.read(f"{stem}.h264.mp4"))
        vtt = archive.read(f"{stem}.vtt").decode()
        manifest = list(csv.DictReader(io.StringIO(archive.read("reactions.csv").decode("utf-8-sig"))))
    assert vtt.startswith("WEBVTT\n\n1\n00:00:0") and "-->" in vtt
    assert manifest[0]["mp4_file"] == f"{stem}.h264.mp4" and manifest[0]["captions_file"] == f"{stem}.vtt"

    with av.open(str(tmp_path / "copy.mp4")) as mp4:
        assert mp4.format.name.startswith("mov,mp4")
        video, audio = mp4.streams.video[0], mp4.streams.audio[0]
        assert video.codec_context.name == "h264" and video.codec_context.pix_fmt == "yuv420p"
        assert audio.codec_context.name == "aac"
        assert (video.codec_context.width, video.codec_context.height) == (160, 120)
        assert mp4.duration / av.time_base == pytest.approx(reaction["duration"], abs=0.3)
        frames = sum(1 for _ in mp4.decode(video))
    assert frames >= 0.9 * reaction["duration"] * 15

    stored = f"{media_dir(server)}/{event['id']}/{rid}.h264.mp4"
    assert os.path.exists(stored)
    assert phone.request("DELETE", f"/api/v1/join/{event['code']}/reactions/{rid}").status == 204
    assert not os.path.exists(stored)


def test_a_transcode_is_bounded_and_leaves_nothing_when_refused(tmp_path):
    """Frames and seconds, as the upload's own reading is (media/video.py Budget)."""
    from server.domain.errors import NotAVideo, TooCostly
    from server.media.transcode import TranscodeBudget, transcode_mp4

    source = make_clip(tmp_path / "clip.webm", 2.0, "webm")
    target = tmp_path / "copy.mp4"
    with pytest.raises(TooCostly):
        transcode_mp4(source, target, TranscodeBudget(frames=5))
    assert not target.exists()
    (tmp_path / "fake.webm").write_bytes(b"\x1aE\xdf\xa3 not really a video")
    with pytest.raises(NotAVideo):
        transcode_mp4(tmp_path / "fake.webm", target)
    assert not target.exists()
    assert transcode_mp4(source, target) == target.stat().st_size > 0
