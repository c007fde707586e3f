"""/api/v1/events: an organizer's events, their settings, Q&A, export and presenter link."""

from flask import Response, g, jsonify, request

from ...domain import Invalid
from ...media import exports
from .. import schemas
from ..helpers import event_view, organizer_required, owns_event, services
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
    hetki = services()
    events = hetki.events.list_owned(g.organizer)
    return jsonify({"events": [{**event_view(e), **hetki.event_overview(e)} for e in events]})


@api.get("/events/<eid>")
@organizer_required
@owns_event
def get_event(event):
    return jsonify({**event_view(event), "polls": services().polls.list(event["id"])})


@api.delete("/events/<eid>")
@organizer_required
@owns_event
def delete_event(event):
    services().events.delete(event)
    services().reactions.delete_event_files(event["id"])
    return "", 204


@api.patch("/events/<eid>")
@organizer_required
@owns_event
def update_event(event):
    """Changes the title or turns moderation (questions and open answers) on or off."""
    eid = event["id"]
    event = services().events.update_settings(eid, body(schemas.EventSettings))
    return jsonify(event_view(event))


@api.get("/events/<eid>/questions")
@organizer_required
@owns_event
def list_questions(event):
    return jsonify({"questions": services().questions.for_presenter(event["id"])})


@api.get("/events/<eid>/export")
@organizer_required
@owns_event
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
@owns_event
def rotate_presenter_key(event):
    """Revokes the old presenter link and makes a new one."""
    event = services().events.rotate_presenter_key(event["id"])
    return jsonify(event_view(event))
