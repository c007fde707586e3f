"""Preparing an event over /api/v1: edit, delete, copy and order polls; copy or import events."""

from flask import Blueprint, current_app, g, jsonify, request

from ...domain import Invalid
from ...domain.restore import MODES, EventRestore
from .. import restore_schema, schemas
from ..helpers import event_role, event_view, organizer_required, services
from .base import body, large_json_object

editor_api = Blueprint("editor_api", __name__, url_prefix="/api/v1")


@editor_api.patch("/polls/<pid>")
@organizer_required
@event_role("edit")
def edit_poll(event, poll):
    """A new question, options or settings while the poll is not open (options fixed once answered)."""
    poll = services().polls.edit(event["id"], poll["id"], body(schemas.PollEdit))
    return jsonify(poll)


@editor_api.delete("/polls/<pid>")
@organizer_required
@event_role("edit")
def delete_poll(event, poll):
    services().polls.delete(event["id"], poll["id"])
    return "", 204


@editor_api.post("/polls/<pid>/duplicate")
@organizer_required
@event_role("edit")
def duplicate_poll(event, poll):
    copy = services().polls.duplicate(event["id"], poll["id"])
    return jsonify(copy), 201


@editor_api.put("/events/<eid>/poll-order")
@organizer_required
@event_role("edit")
def order_polls(event):
    polls = services().polls.reorder(event["id"], body(schemas.PollOrder)["poll_ids"])
    return jsonify({"polls": polls})


@editor_api.post("/events/<eid>/duplicate")
@organizer_required
@event_role("edit")
def duplicate_event(event):
    copy = services().copies.duplicate(g.organizer, event)
    return jsonify(event_view(copy)), 201


@editor_api.post("/events/import")
@organizer_required
def import_event():
    """A new event from an event's JSON export: `?mode=template` (the default) takes its polls and
    settings, `?mode=restore` its responses, Q&A and reactions too (domain/restore.py). The images it
    carries make it larger than other bodies, so it is read, parsed and checked off the event loop."""
    hetki = services()
    mode = request.args.get("mode", "template")
    if mode not in MODES:
        raise Invalid(f"The mode is one of: {', '.join(MODES)}.", code="invalid_mode")
    raw = large_json_object(current_app.config["HETKI"].IMPORT_BODY_BYTES, hetki.run_blocking)
    if mode == "restore":
        return _restore(hetki, raw)
    exported = schemas.load(schemas.EventImport, raw)
    settings = schemas.load(schemas.ImportedSettings, exported["event"]["settings"] or {})
    event = hetki.copies.import_export(
        g.organizer, exported["event"]["title"], exported["polls"], settings, exported["images"]
    )
    return jsonify(event_view(event)), 201


def _restore(hetki, raw):
    restorer = EventRestore(hetki.store, hetki.copies)
    restorer.check_counts(raw)  # before the rows are read one by one
    exported = hetki.run_blocking(schemas.load, restore_schema.EventRestore, raw)
    settings = schemas.load(schemas.ImportedSettings, exported["event"]["settings"] or {})
    event = restorer.write(g.organizer, hetki.run_blocking(restorer.prepare, exported, settings))
    return jsonify(event_view(event)), 201
