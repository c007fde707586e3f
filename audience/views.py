"""The attendee's phone page and the event's QR code."""

from flask import Blueprint, Response, render_template, request

from server.domain.events import public_event
from server.media import qr
from server.web.api.participants import set_participant_cookie
from server.web.helpers import PARTICIPANT_COOKIE, event_links, services
from server.web.i18n import speak_to_the_phone

audience = Blueprint(
    "audience", __name__, template_folder="templates", static_folder="static", static_url_path="/static/audience"
)


@audience.get("/j/<code>")
def join_page(code):
    """Serves the page and, for a phone new to this event, makes it a participant (cookie)."""
    hetki = services()
    event = hetki.events.by_code(code)
    token = request.cookies.get(PARTICIPANT_COOKIE.format(event["id"]))
    new_token = None
    if not hetki.participants.verify(token, event["id"]):
        hetki.limits.join(event, request.remote_addr)
        _, new_token = hetki.participants.join(event)
    speak_to_the_phone(event)
    response = Response(render_template("audience/join.html", event=public_event(event)))
    response.headers["Cache-Control"] = "no-store"
    if new_token:
        set_participant_cookie(response, event["id"], new_token)
    return response


PRINT_BOX_SIZE = 40  # pixels per QR module in a downloaded PNG: sharp on a printed A4 page


def _qr_response(code, render, mimetype, extension):
    """The join link's QR code; ?download=1 makes it a file to save (and a PNG print-sized)."""
    event = services().events.by_code(code)
    download = request.args.get("download") == "1"
    join_url = event_links(event)["join_url"]
    image = render(join_url, PRINT_BOX_SIZE) if download and extension == "png" else render(join_url)
    response = Response(image, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=300"
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="hetki-{event["code"]}-qr.{extension}"'
    return response


@audience.get("/j/<code>/qr.svg")
def qr_svg(code):
    return _qr_response(code, qr.svg, "image/svg+xml", "svg")


@audience.get("/j/<code>/qr.png")
def qr_png(code):
    return _qr_response(code, qr.png, "image/png", "png")
