"""The presenter screen: by its secret link, or opened by the event's signed-in organizer."""

from flask import Blueprint, render_template, request

from server.web.helpers import event_links, event_role, organizer_page, services, unreachable_join
from server.web.i18n import speak_the_events_language
from server.web.security import embeddable, no_store

presenter = Blueprint(
    "presenter", __name__, template_folder="templates", static_folder="static", static_url_path="/static/presenter"
)


def _screen(event, auth):
    links = event_links(event)
    speak_the_events_language(event)  # the audience reads it, whatever the organizer's browser says
    return render_template(
        "presenter/screen.html",
        event={**event, "join_warning": unreachable_join(links["join_url"])},
        auth=auth,
        join_url=links["join_url"],
        qr_url=f"/j/{event['code']}/qr.svg",
    )


def _on_a_phone():
    """A phone's browser (its user agent says Mobile: iPhone, Android phones; not tablets), unless
    the link asks for the screen itself (?screen=1)."""
    return "Mobi" in request.headers.get("User-Agent", "") and not request.args.get("screen")


@presenter.get("/p/<key>")
@embeddable
@no_store
def screen_by_key(key):
    """The secret presenter link: this event's screen without a login; on a phone, the remote."""
    event = services().events.by_presenter_key(key)
    if _on_a_phone():
        return _remote(event, key)
    return _screen(event, {"key": key})


@presenter.get("/events/<eid>/present")
@embeddable
@organizer_page
@event_role("edit")
def screen_for_organizer(event):
    """The screen opened from the dashboard by the event's signed-in organizer."""
    return _screen(event, {"event_id": event["id"]})


def _remote(event, key):
    speak_the_events_language(event)
    return render_template("presenter/remote.html", event=event, auth={"key": key})


@presenter.get("/p/<key>/remote")
@no_store
def remote(key):
    """The remote in the presenter's pocket: it drives the screen over the same presenter socket.
    Never framed: it has controls."""
    return _remote(services().events.by_presenter_key(key), key)


from presenter import embeds  # noqa: E402, F401 (adds the embed, overlay and image pages to `presenter`)
