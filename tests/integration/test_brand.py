"""The organizer's brand: an accent colour refused when it cannot be read on white (with a darker
one to try) and lightened for the dark screen; a chosen join code (4-12, case-insensitive, no
look-alikes, not another event's); a logo cleaned like the option images and erased with the event;
the brand on the phone's, screen's and results pages."""

import re

import pytest

from tests.helpers.api import assert_error, sign_in
from tests.helpers.images import COMMENT_MARK, GPS_MARK, XMP_MARK, jpeg_with_gps, png

LIGHT_BACKGROUNDS = ("#f5f5fb", "#ffffff", "#efedff")  # --bg, --card (buttons' white text), chips' tint
DARK_BACKGROUND = "#12122a"  # the projector screen's


def contrast(a, b):
    """WCAG 2's contrast ratio of two #rrggbb colours, worked out here rather than trusted."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def patch(organizer, event, **changes):
    return organizer.call("PATCH", f"/api/v1/events/{event['id']}", json=changes)


def brand(organizer, event):
    reply = organizer.call("GET", f"/api/v1/events/{event['id']}/brand")
    assert reply.status == 200, reply.body
    return reply.body


def post_logo(organizer, event, data, content_type="image/png"):
    return organizer.call(
        "POST", f"/api/v1/events/{event['id']}/logo", data=data, headers={"Content-Type": content_type}
    )


@pytest.mark.parametrize("colour", ["#ffcc00", "#ff0000", "#777777", "#8fd3ff", "#fff"])
def test_a_colour_too_light_for_white_is_refused_with_a_darker_one_to_try(organizer, colour):
    event = organizer.event()
    reply = patch(organizer, event, accent_color=colour, title="Renamed")
    assert_error(reply, 422)
    assert reply.body["error"]["code"] == "low_contrast"
    suggested = reply.body["error"]["message"].rsplit("Try ", 1)[1].split(",")[0]
    assert re.fullmatch(r"#[0-9a-f]{6}", suggested)
    assert min(contrast(suggested, bg) for bg in LIGHT_BACKGROUNDS) >= 4.5
    assert patch(organizer, event, accent_color=suggested).status == 200  # the suggestion is taken
    assert organizer.call("GET", f"/api/v1/events/{event['id']}").body["title"] == "Keynote"  # refused: nothing


@pytest.mark.parametrize("colour", ["blue", "#12345", "#gggggg", "rgb(0,0,0)", "#1234567"])
def test_a_colour_that_is_not_one_is_refused(organizer, colour):
    reply = patch(organizer, organizer.event(), accent_color=colour)
    assert reply.status == 422 and reply.body["error"]["code"] in ("invalid_color", "validation_failed")


def test_a_readable_colour_is_kept_and_the_screen_gets_a_lighter_shade(organizer):
    event = organizer.event()
    reply = patch(organizer, event, accent_color="#1D4ED8")
    assert reply.status == 200, reply.body
    assert reply.body["settings"]["accent_color"] == "#1d4ed8"
    shown = brand(organizer, event)
    assert contrast(shown["accent_on_dark"], DARK_BACKGROUND) >= 4.5
    assert patch(organizer, event, accent_color=None).body["settings"]["accent_color"] is None


def test_a_chosen_code_joins_in_any_case_and_frees_the_old_one(organizer, http):
    event = organizer.event()
    old = event["code"]
    reply = patch(organizer, event, code="kevät26".replace("ä", "a"))
    assert reply.status == 200, reply.body
    assert reply.body["code"] == "KEVAT26"
    for typed in ("kevat26", "KEVAT26", "Kevat26"):
        joined = http.request("POST", f"/api/v1/join/{typed}")
        assert joined.status in (200, 201), joined.body
        assert joined.body["event"]["id"] == event["id"]
    assert http.request("POST", f"/api/v1/join/{old}").status == 404
    other = organizer.event("Another")
    assert patch(organizer, other, code=old).status == 200  # the old code is free again


@pytest.mark.parametrize(
    "code", ["ABC", "ABCDEFGHJKMNP", "HELL0", "OSLO", "B1KE", "ISAR", "LAKE", "AB-CD", "AB CD", "ÄÄKK", ""]
)
def test_a_code_too_short_too_long_or_with_look_alikes_is_refused(organizer, code):
    event = organizer.event()
    reply = patch(organizer, event, code=code)
    assert_error(reply, 422)
    assert reply.body["error"]["code"] == "invalid_code"
    assert organizer.call("GET", f"/api/v1/events/{event['id']}").body["code"] == event["code"]


def test_another_events_code_is_taken_whatever_its_case(organizer, http, hetki):
    first = organizer.event("First")
    assert patch(organizer, first, code="SUMMER").status == 200
    stranger = sign_in(http, hetki, "bo@example.org")
    second = stranger.event("Second")
    reply = patch(stranger, second, code="summer", accent_color="#1d4ed8")
    assert_error(reply, 409)
    assert reply.body["error"]["code"] == "code_taken"
    unchanged = stranger.call("GET", f"/api/v1/events/{second['id']}").body
    assert unchanged["code"] == second["code"] and unchanged["settings"]["accent_color"] is None
    assert patch(organizer, first, code="Summer").status == 200  # its own code, in another case


def test_the_logo_is_cleaned_of_metadata_and_erased_with_the_event(organizer, config, http, hetki):
    event = organizer.event()
    stranger = sign_in(http, hetki, "eve@example.org")
    assert post_logo(stranger, event, png()).status == 404  # someone else's event takes no logo
    reply = post_logo(organizer, event, jpeg_with_gps(), "image/jpeg")
    assert reply.status == 201, reply.body
    path = config.MEDIA_DIR / event["id"] / "images" / f"{reply.body['logo']}.webp"
    stored = path.read_bytes()
    assert stored[:4] == b"RIFF" and stored[8:12] == b"WEBP"
    for mark in (GPS_MARK, XMP_MARK, COMMENT_MARK, "ICCMARK"):
        assert mark.encode() not in stored
    assert brand(organizer, event)["logo_src"] == f"/images/{event['id']}/{reply.body['logo']}.webp"
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status == 204
    assert not path.exists()


def test_an_svg_logo_or_a_non_image_is_refused_and_a_logo_can_be_removed(organizer):
    event = organizer.event()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for data in (svg, b'<?xml version="1.0"?>' + svg, b"not an image", b""):
        reply = post_logo(organizer, event, data, "image/svg+xml")
        assert_error(reply, 415)
        assert reply.body["error"]["code"] == "image_unsupported"
    assert "SVG" in post_logo(organizer, event, svg).body["error"]["message"]
    assert post_logo(organizer, event, png()).status == 201
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}/logo").status == 204
    assert brand(organizer, event)["logo"] is None


def test_the_pages_carry_the_brand(organizer, client):
    event = organizer.event()
    assert patch(organizer, event, accent_color="#1d4ed8", code="BRAND26").status == 200
    logo = post_logo(organizer, event, png()).body["logo"]
    phone = client.get("/j/brand26").get_data(as_text=True)
    css_link = f"/brand/{event['id']}.css?v=1d4ed8"
    assert css_link in phone and f"/images/{event['id']}/{logo}.webp" in phone
    css = client.get(css_link)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "--brand: #1d4ed8" in css.get_data(as_text=True)
    key = organizer.call("GET", f"/api/v1/events/{event['id']}").body["presenter_url"].rsplit("/p/", 1)[1]
    for page in (f"/p/{key}", f"/p/{key}/embed", f"/p/{key}/overlay"):  # the screen and the embeds
        assert css_link in client.get(page).get_data(as_text=True), page
    plain = organizer.event("Plain")
    assert "/brand/" not in client.get(f"/j/{plain['code']}").get_data(as_text=True)
    assert client.get("/brand/nosuchevent.css").status_code == 404


def test_erasing_an_event_frees_the_code_chosen_after_it_was_read(organizer, hetki):
    event = organizer.event()
    read_before = hetki.events.get(event["id"])  # as an erasure racing the change read it
    assert patch(organizer, event, code="RACE2345").status == 200
    hetki.events.delete(read_before)
    assert patch(organizer, organizer.event("Next"), code="race2345").body["code"] == "RACE2345"
