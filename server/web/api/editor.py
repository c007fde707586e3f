"""Preparing an event over /api/v1: edit, delete, copy and order polls; copy or import events."""

from flask import Blueprint, current_app, g, jsonify

from .. import schemas
from ..helpers import event_view, organizer_required, owns_event, owns_poll, services
from .base import body, large_json_object

editor_api = Blueprint("editor_api", __name__, url_prefix="/api/v1")


@editor_api.patch("/polls/<pid>")
@organizer_required
@owns_poll
def edit_poll(event, poll):
    """A new question, options or settings while the poll is not open (options fixed once answered)."""
    poll = services().polls.edit(event["id"], poll["id"], body(schemas.PollEdit))
    return jsonify(poll)


@editor_api.delete("/polls/<pid>")
@organizer_required
@owns_poll
def delete_poll(event, poll):
    services().polls.delete(event["id"], poll["id"])
    return "", 204


@editor_api.post("/polls/<pid>/duplicate")
@organizer_required
@owns_poll
def duplicate_poll(event, poll):
    copy = services().polls.duplicate(event["id"], poll["id"])
    return jsonify(copy), 201


@editor_api.put("/events/<eid>/poll-order")
@organizer_required
@owns_event
def order_polls(event):
    polls = services().polls.reorder(event["id"], body(schemas.PollOrder)["poll_ids"])
    return jsonify({"polls": polls})


@editor_api.post("/events/<eid>/duplicate")
@organizer_required
@owns_event
def duplicate_event(event):
    copy = services().copies.duplicate(g.organizer, event)
    return jsonify(event_view(copy)), 201


@editor_api.post("/events/import")
@organizer_required
def import_event():
    """A new draft event from an event's JSON export (its responses are not imported); the images it
    carries make it larger than other bodies, so it is read and parsed off the event loop."""
    hetki = services()
    exported = schemas.load(
        schemas.EventImport, large_json_object(current_app.config["HETKI"].IMPORT_BODY_BYTES, hetki.run_blocking)
    )
    settings = schemas.load(schemas.ImportedSettings, exported["event"]["settings"] or {})
    event = hetki.copies.import_export(
        g.organizer, exported["event"]["title"], exported["polls"], settings, exported["images"]
    )
    return jsonify(event_view(event)), 201
