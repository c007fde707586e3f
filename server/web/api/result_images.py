"""A poll's result as an image for a slide deck: GET /api/v1/polls/<pid>/result.png and .svg.

The picture is the poll's embed view (presenter/embeds.py, the screen's own result views) drawn
by the report's Chromium (media/snapshot.py) from a one-time token, in the event's language; the
SVG wraps that PNG (why: media/snapshot.py). Bounded with the PDFs: report.MAX_RENDERS at once."""

import secrets
from urllib.parse import urlencode

from flask import Response, current_app

from ...media.pdf import CHROMIUM_FLAGS, ReportUnavailable
from ...media.snapshot import png_as_svg, screenshot_png
from .. import report
from ..helpers import event_role, organizer_required, services
from ..i18n import event_language
from .base import api


def _png(event, poll):
    chromium = report.chromium_path()
    if not chromium:
        raise ReportUnavailable()
    nonce = secrets.token_urlsafe(16)
    query = urlencode({"lang": event_language(event), "report": report.issue_token(event["id"], nonce)})
    url = f"{report.loopback_url()}/events/{event['id']}/polls/{poll['id']}/image?{query}"
    flags = [*CHROMIUM_FLAGS, *(["--ignore-certificate-errors"] if current_app.config["HETKI"].CERT_FILE else [])]
    async_mode = current_app.extensions["socketio"].async_mode
    if not report._renders.acquire(timeout=report.RENDER_SECONDS):
        raise ReportUnavailable("Reports are being made for others; try again in a minute.", code="report_busy")
    try:
        if async_mode == "gevent":  # as report.render_pdf: gevent's subprocess cannot run in a thread
            import subprocess

            png = screenshot_png(chromium, flags, url, report.RENDER_SECONDS, subprocess)
        else:
            spawn = report._subprocess(async_mode)
            png = services().run_blocking(screenshot_png, chromium, flags, url, report.RENDER_SECONDS, spawn)
    finally:
        report._renders.release()
    if not services().store.events.report_served(event["id"], nonce) or not png.startswith(b"\x89PNG"):
        raise ReportUnavailable("Chromium could not open the poll's page to draw it.", code="report_failed")
    return png


def _description(poll, results):
    """The figures as text: each option's count, and how many answered."""
    counts = results.get("counts") if isinstance(results.get("counts"), dict) else {}
    parts = [f"{o['text']}: {counts.get(o['id'], 0)}" for o in poll.get("options") or []]
    return "; ".join([*parts, f"n = {results['total']}"])


def _download(body, mimetype, event, poll, ext):
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="hetki-{event["code"]}-{poll["id"]}.{ext}"'
    return response


@api.get("/polls/<pid>/result.png")
@organizer_required
@event_role("results")
def result_png(event, poll):
    """The poll's result as a 1600x900 PNG, drawn as the screen draws it."""
    return _download(_png(event, poll), "image/png", event, poll, "png")


@api.get("/polls/<pid>/result.svg")
@organizer_required
@event_role("results")
def result_svg(event, poll):
    """The same picture as an SVG (the PNG inside; the question and figures as its title and desc)."""
    svg = png_as_svg(_png(event, poll), poll["question"], _description(poll, services().results.of_poll(poll)))
    return _download(svg, "image/svg+xml", event, poll, "svg")
