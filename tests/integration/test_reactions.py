"""Video reactions: real clips made by PyAV are accepted; everything else is refused and leaves nothing."""

import csv
import http.client
import io
import os
import zipfile

import pytest

from tests.helpers.api import upload
from tests.helpers.clients import Phone, join
from tests.helpers.clips import make_clip
from tests.helpers.leftovers import media_files


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    return {
        "webm": make_clip(folder / "clip.webm", 3.0, "webm"),
        "mp4": make_clip(folder / "clip.mp4", 2.0, "mp4"),
        "long": make_clip(folder / "long.mp4", 22.0, "mp4", fps=5),
    }


@pytest.fixture
def event(organizer, http):
    event = organizer.event("Closing keynote")
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").body["open"] is True
    http.request("POST", f"/api/v1/join/{event['code']}")  # this client is now a participant
    return event


def stored(config, event, rid, extension):
    """The video as kept: the upload remuxed (the same media, not the same bytes)."""
    return (config.MEDIA_DIR / event["id"] / f"{rid}.{extension}").read_bytes()


@pytest.mark.parametrize("kind, seconds, mime", [("webm", 3.0, "video/webm"), ("mp4", 2.0, "video/mp4")])
def test_real_clips_are_accepted_with_their_duration(http, organizer, event, clips, config, kind, seconds, mime):
    reply = upload(http, event, clips[kind].read_bytes(), filename=f"whatever.{kind}", text="Great talk!")
    assert reply.status == 201, reply.body
    assert reply.body["kind"] == "video" and reply.body["mime"] == mime
    assert abs(reply.body["duration"] - seconds) < 0.2
    listed = organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"]
    assert listed[0]["video_url"].endswith("/video") and listed[0]["poster_url"].endswith("/poster.jpg")
    assert listed[0]["text"] == "Great talk!" and listed[0]["status"] == "pending" and listed[0]["consented_at"]
    rid = reply.body["id"]
    assert media_files(config) == sorted([f"{event['id']}/{rid}.{kind}", f"{event['id']}/{rid}.jpg"])
    poster = http.client.get(listed[0]["poster_url"], headers={"Authorization": f"Bearer {organizer.token}"})
    assert poster.status_code == 200 and poster.data[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"data": b"hello, I am text\n" * 100, "filename": "clip.webm"}, 422, "not_a_video"),
        ({"data": b"\x1a\x45\xdf\xa3" + os.urandom(20000), "filename": "clip.webm"}, 422, "not_a_video"),
        ({"data": b"\x00\x00\x00\x18ftypmp42" + os.urandom(20000), "filename": "clip.mp4"}, 422, "not_a_video"),
        ({"data": None, "text": ""}, 422, "empty_reaction"),
        ({"data": None, "text": "x" * 501}, 422, "invalid_text"),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(http, event, config, body, status, code):
    reply = upload(http, event, body.get("data"), filename=body.get("filename", "clip.webm"), text=body.get("text"))
    assert reply.status == status and reply.body["error"]["code"] == code, reply.body
    assert media_files(config) == []


def test_video_without_consent_is_refused(http, event, clips, config):
    reply = upload(http, event, clips["webm"].read_bytes(), consent="false")
    assert reply.status == 422 and reply.body["error"]["code"] == "consent_required"
    assert media_files(config) == []


def test_text_reaction_needs_no_camera(http, organizer, event):
    reply = upload(http, event, None, consent="false", text="Loved the demo")
    assert reply.status == 201 and reply.body["kind"] == "text"


def test_clip_over_the_limit_is_refused(http, organizer, event, clips, config):
    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"reaction_limit": 15})
    reply = upload(http, event, clips["long"].read_bytes(), filename="long.mp4")  # 22 s > 15 + 5
    assert reply.status == 422 and reply.body["error"]["code"] == "video_too_long"
    assert media_files(config) == []
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"reaction_limit": 200}).status == 422


def test_closed_reactions_are_refused(http, organizer, event, clips):
    organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/close")
    reply = upload(http, event, clips["webm"].read_bytes())
    assert reply.status == 409 and reply.body["error"]["code"] == "reactions_closed"


def test_path_traversal_file_name_writes_nothing_outside_media(http, event, clips, config, tmp_path):
    outside = config.MEDIA_DIR.parent
    before = sorted(str(p) for p in outside.rglob("*") if "media" not in p.parts)
    reply = upload(http, event, clips["webm"].read_bytes(), filename="../../../../tmp/evil.webm")
    assert reply.status == 201
    after = sorted(str(p) for p in outside.rglob("*") if "media" not in p.parts)
    assert before == after and not os.path.exists("/tmp/evil.webm")
    assert all(".." not in f and "evil" not in f for f in media_files(config))


def test_range_requests_answer_206_with_the_right_bytes(http, organizer, event, clips, config):
    rid = upload(http, event, clips["webm"].read_bytes()).body["id"]
    url = f"/api/v1/events/{event['id']}/reactions/{rid}/video"
    auth = {"Authorization": f"Bearer {organizer.token}"}
    whole = stored(config, event, rid, "webm")
    part = http.client.get(url, headers={**auth, "Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.data == whole[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(whole)}"
    assert http.client.get(url, headers=auth).data == whole
    assert http.client.get(url).status_code == 401


def test_zip_holds_every_video_and_a_manifest(http, organizer, event, clips, config):
    first = upload(http, event, clips["webm"].read_bytes(), text='=HYPERLINK("x") nice').body
    second = upload(http, event, clips["mp4"].read_bytes(), filename="../x.mp4").body
    upload(http, event, None, consent="false", text="Text only")
    reply = http.client.get(
        f"/api/v1/events/{event['id']}/reactions.zip", headers={"Authorization": f"Bearer {organizer.token}"}
    )
    assert reply.status_code == 200 and reply.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(reply.data))
    names = archive.namelist()
    assert names == [
        f"videos/reaction-001-{first['id']}.webm",
        f"videos/reaction-002-{second['id']}.mp4",
        "reactions.csv",
    ]
    assert archive.read(names[0]) == stored(config, event, first["id"], "webm")
    assert archive.read(names[1]) == stored(config, event, second["id"], "mp4")
    rows = list(csv.DictReader(io.StringIO(archive.read("reactions.csv").decode("utf-8-sig"))))
    assert [r["file"] for r in rows] == [*names[:2], ""]
    assert rows[0]["text"] == '\'=HYPERLINK("x") nice' and rows[2]["kind"] == "text"
    assert float(rows[0]["duration_seconds"]) == pytest.approx(3.0, abs=0.2)


def test_attendee_deletes_own_reaction_only(http, organizer, event, clips, config, client, app):
    rid = upload(http, event, clips["webm"].read_bytes()).body["id"]
    mine = http.request("GET", f"/api/v1/join/{event['code']}/reactions").body["reactions"]
    assert [r["id"] for r in mine] == [rid]
    stranger = app.test_client()
    stranger.post(f"/api/v1/join/{event['code']}")
    assert stranger.delete(f"/api/v1/join/{event['code']}/reactions/{rid}").status_code == 404
    assert http.request("DELETE", f"/api/v1/join/{event['code']}/reactions/{rid}").status == 204
    assert media_files(config) == []
    assert organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"] == []


def test_moderation_retention_and_event_deletion(http, organizer, event, clips, config, hetki):
    rid = upload(http, event, clips["webm"].read_bytes()).body["id"]
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}/reactions/{rid}", json={"status": "approved"})
    assert reply.status == 200 and reply.body["status"] == "approved"
    assert (
        organizer.call("PATCH", f"/api/v1/events/{event['id']}/reactions/{rid}", json={"status": "famous"}).status
        == 422
    )
    assert hetki.reactions.purge_expired() == 0
    assert hetki.reactions.purge_expired(now=10**13 + 31 * 86_400_000) == 1  # 31 days on: past 30
    assert media_files(config) == []
    upload(http, event, clips["mp4"].read_bytes())
    assert media_files(config)
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    assert media_files(config) == [] and not (config.MEDIA_DIR / event["id"]).exists()


def test_body_over_max_video_bytes_is_413_before_the_body_is_read(live_server, live_organizer):
    event = live_organizer.event()
    live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    token = join(live_server.http(), event["code"])
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    connection.putrequest("POST", f"/api/v1/join/{event['code']}/reactions")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(500 * 1024 * 1024))
    connection.putheader("X-Participant-Token", token)
    connection.endheaders()
    connection.send(b"--x\r\n")  # a few bytes of a 500 MB body; the answer comes without the rest
    response = connection.getresponse()
    assert response.status == 413 and b'"code"' in response.read()


def test_opening_reactions_tells_every_phone(live_server, live_organizer):
    event = live_organizer.event()
    phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    try:
        assert phone.wait_for("state")["reactions"]["open"] is False
        live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
        assert phone.wait_for("reactions")["open"] is True
        live_organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/close")
        assert phone.wait_for("reactions", lambda r: not r["open"])["limit_seconds"] == 60
    finally:
        phone.close()
