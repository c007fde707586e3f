"""Image choice through the API: uploads cleaned or refused, options that point at them, votes, the
exports, copies (poll, event, JSON import) and erasure."""

import base64
import io
import json

import pytest
from openpyxl import load_workbook
from PIL import Image

from tests.helpers import images
from tests.helpers.api import assert_error, sign_in
from tests.unit.test_editor_api import vote

GPS_TEXT = b"GPSLatitude"


def upload(organizer, event, data, content_type="image/png"):
    return organizer.call("POST", f"/api/v1/events/{event['id']}/images", data=data, content_type=content_type)


def image_poll(organizer, event, pictures, max_choices=1, alts=("A red square", "A blue circle", "Green hills")):
    ids = []
    for data in pictures:
        reply = upload(organizer, event, data)
        assert reply.status == 201, reply.body
        ids.append(reply.body["image"])
    options = [{"image": image, "alt": alt} for image, alt in zip(ids, alts, strict=False)]
    body = {"type": "image", "question": "Which poster?", "options": options, "settings": {"max_choices": max_choices}}
    reply = organizer.call("POST", f"/api/v1/events/{event['id']}/polls", json=body)
    assert reply.status == 201, reply.body
    return reply.body


def fetch(client, src):
    return client.get(src)  # as a phone does: no credentials


def test_an_upload_is_stored_as_webp_without_metadata_and_served_with_caching(organizer, client):
    event = organizer.event()
    reply = upload(organizer, event, images.jpeg_with_gps(40, 20), "image/jpeg")
    assert reply.status == 201, reply.body
    assert reply.body["src"] == f"/images/{event['id']}/{reply.body['image']}.webp"
    assert (reply.body["width"], reply.body["height"]) == (20, 40)  # EXIF orientation applied
    served = fetch(client, reply.body["src"])
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert "immutable" in served.headers["Cache-Control"] and "max-age=31536000" in served.headers["Cache-Control"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert GPS_TEXT not in served.data and b"Exif" not in served.data
    assert not Image.open(io.BytesIO(served.data)).getexif()
    assert fetch(client, f"/images/{event['id']}/{'0' * 32}.webp").status_code == 404
    assert fetch(client, f"/images/{event['id']}/..%2Fsecret.webp").status_code == 404


@pytest.mark.parametrize(
    "data, status, code",
    [
        (images.svg(), 415, "image_unsupported"),
        (images.png_then_html()[:40], 415, "image_unsupported"),
        (b"", 415, "image_unsupported"),
        (images.raw_png(30000, 30000), 422, "image_too_large"),
    ],
    ids=["svg", "truncated", "empty", "bomb"],
)
def test_hostile_uploads_are_refused_with_a_clear_error(organizer, data, status, code):
    event = organizer.event()
    reply = upload(organizer, event, data)
    assert_error(reply, status)
    assert reply.body["error"]["code"] == code


def test_polyglots_lose_their_payload(organizer, client):
    event = organizer.event()
    for data in (images.png_then_html(), images.png_then_zip(), images.jpeg_with_html_comment()):
        reply = upload(organizer, event, data)
        assert reply.status == 201, reply.body
        stored = fetch(client, reply.body["src"]).data
        assert b"<script" not in stored and b"<html" not in stored and b"PK\x03\x04" not in stored


def test_uploads_are_bounded_and_only_the_owner_uploads(organizer, http, hetki, app):
    event = organizer.event()
    app.config["HETKI"].IMAGE_UPLOAD_BYTES = 1024
    assert_error(upload(organizer, event, images.jpeg(400, 300) + b"\0" * 2048), 413)
    app.config["HETKI"].IMAGE_UPLOAD_BYTES = 5 * 1024**2
    hetki.images.per_event = 2
    assert upload(organizer, event, images.png(10, 10)).status == 201
    assert upload(organizer, event, images.png(11, 10)).status == 201
    assert upload(organizer, event, images.png(10, 10)).status == 201  # the same image again takes no room
    assert upload(organizer, event, images.png(12, 10)).body["error"]["code"] == "too_many_images"
    other = sign_in(http, hetki, "bob@example.org")
    assert_error(upload(other, event, images.png()), 404)


def test_options_must_point_at_this_events_images_with_alt_text(organizer):
    event, elsewhere = organizer.event(), organizer.event("Other")
    mine = upload(organizer, event, images.png()).body["image"]
    theirs = upload(organizer, elsewhere, images.png(20, 20)).body["image"]
    polls = f"/api/v1/events/{event['id']}/polls"
    for options, code in [
        ([{"image": mine, "alt": "Red"}, {"image": theirs, "alt": "Blue"}], "unknown_image"),
        ([{"image": mine, "alt": "Red"}, {"image": mine, "alt": ""}], "invalid_options"),
        ([{"image": mine, "alt": "Red"}, {"text": "No picture"}], "invalid_options"),
        ([{"image": "../../etc/passwd", "alt": "x"}, {"image": mine, "alt": "y"}], "invalid_options"),
    ]:
        reply = organizer.call("POST", polls, json={"type": "image", "question": "Q?", "options": options})
        assert_error(reply, 422)
        assert reply.body["error"]["code"] == code


def test_votes_results_and_every_export_name_the_image_by_its_text(organizer, http):
    event = organizer.event()
    one = image_poll(organizer, event, [images.png(), images.png(20, 20)])
    many = image_poll(organizer, event, [images.png(), images.png(20, 20), images.webp()], max_choices=2)
    assert one["ui"]["form"] == "choice" and many["ui"]["form"] == "choices"
    assert [o["text"] for o in one["options"]] == ["A red square", "A blue circle"]  # no caption: the alt text
    organizer.open(one["id"])
    vote(http, event, one, "o2")
    organizer.open(many["id"])
    vote(http, event, many, ["o1", "o3"], voter="q")
    assert organizer.results(one["id"])["counts"] == {"o1": 0, "o2": 1}
    assert organizer.results(many["id"])["counts"] == {"o1": 1, "o2": 0, "o3": 1}
    auth = {"Authorization": f"Bearer {organizer.token}"}
    csv = organizer.http.client.get(f"/api/v1/events/{event['id']}/export?format=csv", headers=auth)
    text = csv.data.decode("utf-8-sig")
    assert csv.status_code == 200 and "A blue circle" in text and "A red square | Green hills" in text
    xlsx = organizer.http.client.get(f"/api/v1/events/{event['id']}/export?format=xlsx", headers=auth)
    rows = [row for sheet in load_workbook(io.BytesIO(xlsx.data)) for row in sheet.iter_rows(values_only=True)]
    assert any("A red square | Green hills" in row for row in rows)
    exported = organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json").body
    option = exported["polls"][0]["options"][0]
    assert option["alt"] == "A red square" and option["image"] in exported["images"]
    assert Image.open(io.BytesIO(base64.b64decode(exported["images"][option["image"]]))).format == "WEBP"


def test_copies_carry_their_images_and_erasure_takes_them(organizer, client, hetki):
    event = organizer.event()
    poll = image_poll(organizer, event, [images.png(), images.png(20, 20)])
    same = organizer.call("POST", f"/api/v1/polls/{poll['id']}/duplicate").body
    assert [o["src"] for o in same["options"]] == [o["src"] for o in poll["options"]]
    copy = organizer.call("POST", f"/api/v1/events/{event['id']}/duplicate").body
    copied = organizer.call("GET", f"/api/v1/events/{copy['id']}/polls").body["polls"][0]
    assert all(copy["id"] in o["src"] and fetch(client, o["src"]).status_code == 200 for o in copied["options"])
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    assert all(fetch(client, o["src"]).status_code == 404 for o in poll["options"])
    assert not (hetki.images.root / event["id"]).exists()
    assert all(fetch(client, o["src"]).status_code == 200 for o in copied["options"])  # the copy keeps its own


def test_an_export_imports_with_its_images_checked_like_uploads(organizer, client, hetki):
    event = organizer.event()
    image_poll(organizer, event, [images.png(), images.png_with_gps()], alts=("Red", "Somewhere"))
    exported = organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json").body
    imported = organizer.call("POST", "/api/v1/events/import", json=exported)
    assert imported.status == 201, imported.body
    poll = organizer.call("GET", f"/api/v1/events/{imported.body['id']}/polls").body["polls"][0]
    assert [o["alt"] for o in poll["options"]] == ["Red", "Somewhere"]
    assert all(fetch(client, o["src"]).status_code == 200 for o in poll["options"])
    events_before = len(organizer.call("GET", "/api/v1/events").body["events"])
    for bad_image, code in [(base64.b64encode(images.svg()).decode(), "image_unsupported"), ("%%%", "unknown_image")]:
        hostile = json.loads(json.dumps(exported))
        hostile["images"][exported["polls"][0]["options"][0]["image"]] = bad_image
        refused = organizer.call("POST", "/api/v1/events/import", json=hostile)
        assert refused.status in (415, 422) and refused.body["error"]["code"] == code, refused.body
    assert len(organizer.call("GET", "/api/v1/events").body["events"]) == events_before  # nothing half made
