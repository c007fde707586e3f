"""/api/v1/events: an organizer's events, their settings, Q&A, export and presenter link."""

from flask import Response, g, jsonify, request

from ...domain import Invalid
from ...media import exports
from .. import schemas
from ..helpers import event_role, event_view, organizer_required, services
from ..i18n import pick_language
from .base import api, body


@api.post("/events")
@organizer_required
def create_event():
    data = body(schemas.EventCreate)
    event = services().events.create(g.organizer, data["title"].strip())
    return jsonify(event_view(event)), 201


@api.get("/events")
@organizer_required
def list_events():
    """The organizer's own events, then those shared with them, each with its role and who has access."""
    hetki = services()
    events = [(e, "owner") for e in hetki.events.list_owned(g.organizer)] + hetki.access.shared_events(g.organizer)
    access = hetki.access
    listed = [{**event_view(e, role), **hetki.event_overview(e), "access": access.members(e)} for e, role in events]
    return jsonify({"events": listed})


@api.get("/events/<eid>")
@organizer_required
@event_role("view")
def get_event(event):
    return jsonify({**event_view(event), "polls": services().polls.list(event["id"])})


@api.delete("/events/<eid>")
@organizer_required
@event_role("own")
def delete_event(event):
    services().access.erase(event["id"])
    services().events.delete(event)
    services().reactions.delete_event_files(event["id"])
    return "", 204


@api.patch("/events/<eid>")
@organizer_required
@event_role("edit")
def update_event(event):
    """Changes the title or turns moderation (questions and open answers) on or off."""
    eid = event["id"]
    event = services().events.update_settings(eid, body(schemas.EventSettings))
    return jsonify(event_view(event))


@api.get("/events/<eid>/questions")
@organizer_required
@event_role("moderate")
def list_questions(event):
    return jsonify({"questions": services().questions.for_presenter(event["id"])})


@api.get("/events/<eid>/export")
@organizer_required
@event_role("results")
def export_event(event):
    """The whole event, one row per response: ?format=csv|xlsx|json; a CSV in ?dialect=fi (`;`, decimal
    comma) or en (`,`), by default the event's language's, else the organizer's."""
    writer_class = exports.FORMATS.get(request.args.get("format", "csv"))
    if writer_class is None:
        raise Invalid("format is csv, xlsx or json.", code="invalid_format")
    dialect = request.args.get("dialect") or next(
        (lang for lang in (event["language"], pick_language()) if lang in exports.CSV_DIALECTS), None
    )
    if dialect not in exports.CSV_DIALECTS:
        raise Invalid(f"dialect is {' or '.join(exports.CSV_DIALECTS)}.", code="invalid_dialect")
    hetki = services()
    writer, export, run_blocking = writer_class(dialect), hetki.export, hetki.run_blocking
    head = export.head(event["id"])

    def chunks():
        """Redis reads (a batch at a time) stay on the loop; formatting each batch goes off it."""
        yield run_blocking(writer.start, head)
        for poll in head["polls"]:
            yield run_blocking(writer.poll, poll)
            for batch in export.responses(event["id"], poll):
                yield run_blocking(writer.rows, poll, batch)
            yield run_blocking(writer.poll_end, poll)
        for image, data in export.image_files(head["polls"]):
            yield run_blocking(writer.image, image, data)
        yield from run_blocking(writer.end)

    response = Response((chunk for chunk in chunks() if chunk), mimetype=writer.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="hetki-{event["code"]}.{writer.extension}"'
    return response


@api.post("/events/<eid>/presenter-key")
@organizer_required
@event_role("own")
def rotate_presenter_key(event):
    """Revokes the old presenter link and makes a new one."""
    event = services().events.rotate_presenter_key(event["id"])
    return jsonify(event_view(event))
