"""The organizer's brand on an event: its logo (POST the raw image, DELETE it) and the stylesheet
that sets the pages' colours from its accent (PATCH /events/ID {accent_color, code} sets those).

Pages cannot carry inline styles (CSP `style-src 'self'`), so a page of a branded event links
/brand/<event id>.css?v=<accent>: custom properties only, so every page stays laid out as it is.
"""

from dataclasses import replace

from flask import Blueprint, Response, g, jsonify

from ...domain import Invalid, NotFound
from ...domain.brand import brand_colors
from ...domain.poll_types import IMAGE_PATH
from ...media.images import clean_image
from ..helpers import event_role, organizer_required, services
from .base import api
from .images import uploaded_image

brand = Blueprint("brand", __name__)
SVG_REFUSED = (
    "SVG logos are not taken: an SVG is a program the browser runs (scripts, links to other sites). "
    "Save the logo as a PNG and upload that."
)
CSS_SECONDS = 300
LOGO_SIDE = 640  # a header's logo: every phone fetches it, so it is kept smaller than option images


def brand_view(event):
    colors = brand_colors(event["accent_color"] or "")
    logo = event["logo"]
    return {
        "code": event["code"],
        "accent_color": event["accent_color"],
        "accent_on_dark": colors["accent_on_dark"] if colors else None,
        "logo": logo,
        "logo_src": IMAGE_PATH.format(eid=event["id"], image=logo) if logo else None,
    }


@api.get("/events/<eid>/brand")
@organizer_required
@event_role("view")
def get_brand(event):
    return jsonify(brand_view(event))


@api.post("/events/<eid>/logo")
@organizer_required
@event_role("edit")
def upload_logo(event):
    """A PNG, JPEG or WebP (raw body) → 201 the brand; stored re-encoded without metadata. SVG: 415."""
    data = uploaded_image()
    if _looks_like_svg(data):
        raise Invalid(SVG_REFUSED, code="image_unsupported", status=415)
    hetki = services()
    webp, _, _ = hetki.run_blocking(clean_image, data, replace(hetki.images.limits, stored_side=LOGO_SIDE))
    if not hetki.events.set_logo(event["id"], hetki.images.keep(event["id"], webp)):
        raise NotFound("No such event.", code="event_not_found")
    return jsonify(brand_view(hetki.events.get(event["id"]))), 201


@api.delete("/events/<eid>/logo")
@organizer_required
@event_role("edit")
def delete_logo(event):
    """The event's pages go back to Hetki's name alone; the file goes with the event's images."""
    services().events.set_logo(event["id"], None)
    return "", 204


def _looks_like_svg(data):
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) or b"<svg" in head


@brand.get("/brand/<eid>.css")
def brand_css(eid):
    event = services().events.find(eid)
    if event is None:
        raise NotFound("No such event.", code="event_not_found")
    colors = brand_colors(event["accent_color"] or "")
    css = _css(colors) if colors else ""
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = f"public, max-age={CSS_SECONDS}"
    return response


def _css(c):
    a, d, light = c["accent"], c["accent_dark"], c["accent_on_dark"]
    return (
        f":root {{ --brand: {a}; --brand-dark: {d}; --brand-on-dark: {light}; --c0: {a}; }}\n"
        f".page-screen .color-0 {{ --bar: {light}; }}\n"
        f".page-screen .stage-head .event-name {{ color: {light}; }}\n"
        f".page-screen .spotlight {{ background: linear-gradient(120deg, {a}, {d}); }}\n"
    )


@brand.app_context_processor
def brand_of_pages():
    return {"event_brand": event_brand}


def event_brand(event):
    """What a page of `event` shows of its brand: {css, logo} (None without a brand); a page given
    only the public event (the phone's) has it read once per request."""
    if not isinstance(event, dict) or not event.get("id"):
        return None
    cache = g.setdefault("event_brands", {})
    if event["id"] not in cache:
        full = event if "accent_color" in event else services().events.find(event["id"])
        cache[event["id"]] = _page_brand(full) if full else None
    return cache[event["id"]]


def _page_brand(event):
    accent, logo = event["accent_color"], event["logo"]
    if not accent and not logo:
        return None
    return {
        "css": f"/brand/{event['id']}.css?v={(accent or '').lstrip('#')}",
        "logo": IMAGE_PATH.format(eid=event["id"], image=logo) if logo else None,
    }
