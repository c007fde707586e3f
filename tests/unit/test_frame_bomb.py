"""Every decode of an upload is bounded by frames and time (issue 15, item 5): a 1.4 MB "frame bomb"
(one 4096×4096 keyframe, then a thousand tiny inter-frames before the poster's second) held the one
offload thread for 16–26 s while its poster was made; now it is refused with a 422 within the budget."""

import io
import time

import pytest

from server import create_app
from server.media import video
from server.runtime.config import Config
from tests.helpers.api import FlaskHttp, sign_in
from tests.helpers.clips import make_clip, make_frame_bomb


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return make_frame_bomb(tmp_path_factory.mktemp("bomb") / "bomb.webm")


def test_the_frame_bomb_is_small_and_looks_like_a_video(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024
    probe = video.probe(bomb)
    assert (probe.width, probe.height, probe.extension) == (4096, 4096, "webm")


def test_its_poster_stops_at_the_frame_budget(bomb, tmp_path):
    start = time.monotonic()
    with pytest.raises(video.TooCostly):
        video.poster(bomb, tmp_path / "poster.jpg", budget=video.Budget(frames=20))
    assert time.monotonic() - start < 5  # 20 frames of 4096×4096, not a thousand
    assert not (tmp_path / "poster.jpg").exists()


def test_its_poster_stops_at_the_time_budget(bomb, tmp_path):
    start = time.monotonic()
    with pytest.raises(video.TooCostly):
        video.poster(bomb, tmp_path / "poster.jpg", budget=video.Budget(seconds=0.5))
    assert time.monotonic() - start < 3  # the budget plus one frame, with a wide margin


def test_a_real_clip_is_within_the_default_budget(tmp_path):
    clip = make_clip(tmp_path / "clip.webm", seconds=3, fps=30, size=(640, 480))
    assert video.probe(clip).duration == pytest.approx(3, abs=0.2)
    video.poster(clip, tmp_path / "poster.jpg")
    assert (tmp_path / "poster.jpg").stat().st_size > 0


@pytest.fixture
def quick_budget_http(redis_client, redis_url, tmp_path):
    config = Config(
        REDIS_URL=redis_url,
        DATA_DIR=tmp_path,
        SECRET_KEY="test-secret",
        MESSAGE_QUEUE=False,
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
        TRANSCRIBE=False,
        MEDIA_DECODE_SECONDS=1.0,
    )
    app = create_app(config)
    return FlaskHttp(app.test_client()), app.extensions["hetki"], config


def test_an_uploaded_frame_bomb_is_refused_with_an_error_object(quick_budget_http, bomb):
    http, hetki, config = quick_budget_http
    organizer = sign_in(http, hetki, "ada@example.org")
    event = organizer.event()
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    token = http.request("POST", f"/api/v1/join/{event['code']}").body["participant_token"]
    form = {"consent": "true", "video": (io.BytesIO(bomb.read_bytes()), "bomb.webm", "video/webm")}
    start = time.monotonic()
    reply = http.request(
        "POST", f"/api/v1/join/{event['code']}/reactions", headers={"X-Participant-Token": token}, data=form
    )
    took = time.monotonic() - start
    assert reply.status == 422, reply.body
    assert reply.body["error"]["code"] == "video_too_costly" and reply.body["error"]["message"]
    assert took < 5, took  # MEDIA_DECODE_SECONDS=1 and one frame more, not the whole bomb
    assert hetki.reactions.list(event["id"]) == []
    assert [p for p in config.MEDIA_DIR.rglob("*") if p.is_file()] == []
