"""The presenter screen: by its secret link, or opened by the event's signed-in organizer."""

from flask import Blueprint, render_template

from server.web.helpers import event_links, organizer_page, owns_event, services, unreachable_join
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


@presenter.get("/p/<key>")
@embeddable
@no_store
def screen_by_key(key):
    """The secret presenter link: this event's screen without a login."""
    event = services().events.by_presenter_key(key)
    return _screen(event, {"key": key})


@presenter.get("/events/<eid>/present")
@embeddable
@organizer_page
@owns_event
def screen_for_organizer(event):
    """The screen opened from the dashboard by the event's signed-in organizer."""
    return _screen(event, {"event_id": event["id"]})
