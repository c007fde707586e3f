"""The moderator console: pending questions and open answers to approve or hide, on a phone or a
laptop, by the presenter link or for the event's signed-in organizer; never on the projector."""

from flask import Blueprint, render_template

from server.web.helpers import event_role, organizer_page, services
from server.web.security import no_store

moderator = Blueprint("moderator", __name__, template_folder="templates")


def _console(event, auth):
    return render_template("moderator/console.html", event=event, auth=auth)


@moderator.get("/p/<key>/moderate")
@no_store
def console_by_key(key):
    """The console for whoever has the presenter link."""
    return _console(services().events.by_presenter_key(key), {"key": key})


@moderator.get("/events/<eid>/moderate")
@organizer_page
@event_role("moderate")
def console_for_organizer(event):
    """The console opened from the organizer's pages."""
    return _console(event, {"event_id": event["id"]})


def moderator_url(event, key=None):
    """Where the console of `event` is: beside the presenter link when the screen was opened by it."""
    return f"/p/{key}/moderate" if key else f"/events/{event['id']}/moderate"
