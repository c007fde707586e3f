"""JSON API /api/v1: load a schema, call the domain, broadcast, dump."""

from flask import Blueprint, Response, g, jsonify, request

from . import exports, schemas
from .domain import Invalid, Unauthorized
from .domain.events import public_event
from .offload import run_blocking
from .security import is_https, no_store
from .web import (
    PARTICIPANT_COOKIE,
    authenticate,
    bearer_token,
    broadcaster,
    event_view,
    organizer_required,
    owns_event,
    owns_poll,
    services,
)

api = Blueprint("api", __name__, url_prefix="/api/v1")


def body(schema_class):
    return schemas.load(schema_class, _json_object())


def optional_body(schema_class, **route_values):
    """A JSON object body that may be left out; the route's own values (e.g. the poll id) win."""
    return schemas.load(schema_class, {**(_json_object() if request.content_length else {}), **route_values})


def _json_object():
    data = request.get_json()
    if not isinstance(data, dict):  # `null`, a list or a number is not a body with fields
        raise Invalid("The body must be a JSON object.", code="validation_failed")
    return data


@api.post("/token")
@no_store
def token():
    data = body(schemas.TokenRequest)
    email = authenticate(data["email"], data["password"])
    return jsonify({"token": services().organizers.issue_token(email)})


@api.delete("/token")
def revoke_token():
    """Signing out a script: the bearer token sent stops working at once."""
    token = bearer_token()
    if not services().organizers.email_for_token(token):
        raise Unauthorized()
    services().organizers.revoke_token(token)
    return "", 204


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
    broadcaster().event_deleted(event["id"])
    return "", 204


@api.patch("/events/<eid>")
@organizer_required
@owns_event
def update_event(event):
    """Changes the title or turns moderation (questions and open answers) on or off."""
    eid = event["id"]
    event = services().events.update_settings(eid, body(schemas.EventSettings))
    broadcaster().questions_changed(eid)
    broadcaster().poll_changed(eid)
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
    """The whole event, one row per response: ?format=csv|xlsx|json."""
    writer_class = exports.FORMATS.get(request.args.get("format", "csv"))
    if writer_class is None:
        raise Invalid("format is csv, xlsx or json.", code="invalid_format")
    writer, export = writer_class(), services().export
    head = export.head(event["id"])

    def chunks():
        """Redis reads (a batch at a time) stay on the loop; formatting each batch goes off it."""
        yield run_blocking(writer.start, head)
        for poll in head["polls"]:
            yield run_blocking(writer.poll, poll)
            for batch in export.responses(event["id"], poll):
                yield run_blocking(writer.rows, poll, batch)
            yield run_blocking(writer.poll_end, poll)
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
    broadcaster().presenter_key_revoked(event["id"])
    return jsonify(event_view(event))


@api.post("/events/<eid>/polls")
@organizer_required
@owns_event
def create_poll(event):
    data = body(schemas.PollCreate)
    poll = services().polls.create(event["id"], data["type"], data["question"], data["options"], data["settings"])
    broadcaster().polls_changed(event["id"])
    return jsonify(poll), 201


@api.get("/events/<eid>/polls")
@organizer_required
@owns_event
def list_polls(event):
    return jsonify({"polls": services().polls.list(event["id"])})


@api.get("/polls/<pid>")
@organizer_required
@owns_poll
def get_poll(event, poll):
    return jsonify(poll)


def _poll_changed(event, poll):
    """Phones and screens hear the live poll's new state; the organizer gets the poll."""
    broadcaster().poll_changed(event["id"])
    return jsonify(poll)


@api.post("/polls/<pid>/open")
@organizer_required
@owns_poll
def open_poll(event, poll):
    poll, _ = services().polls.open(event["id"], poll["id"])
    return _poll_changed(event, poll)


@api.post("/polls/<pid>/close")
@organizer_required
@owns_poll
def close_poll(event, poll):
    poll = services().polls.close(event["id"], poll["id"])
    return _poll_changed(event, poll)


@api.post("/polls/<pid>/reveal")
@organizer_required
@owns_poll
def reveal_poll(event, poll):
    pid = poll["id"]
    revealed = optional_body(schemas.Reveal, poll_id=pid)
    poll = services().polls.reveal(event["id"], pid, revealed["revealed"])
    return _poll_changed(event, poll)


@api.post("/polls/<pid>/reset")
@organizer_required
@owns_poll
def reset_poll(event, poll):
    """Forgets every vote of the poll; the body must say {"confirm": true}."""
    pid = poll["id"]
    optional_body(schemas.Reset, poll_id=pid)
    poll = services().polls.reset(event["id"], pid)
    return _poll_changed(event, poll)


@api.get("/polls/<pid>/results")
@organizer_required
@owns_poll
def poll_results(event, poll):
    return jsonify(services().results.of_poll(poll))


@api.post("/join/<code>")
def join(code):
    data = body(schemas.Join) if request.content_length else schemas.load(schemas.Join, {})
    event = services().events.by_code(code)
    services().limits.join(event, request.remote_addr)
    _, token = services().participants.join(event, data["nickname"])
    response = jsonify({"participant_token": token, "event": public_event(event)})
    set_participant_cookie(response, event["id"], token)
    return response, 201


def set_participant_cookie(response, eid, token):
    response.set_cookie(
        PARTICIPANT_COOKIE.format(eid),
        token,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=is_https(),
    )


def participant_for(eid):
    """The participant proven by the X-Participant-Token header or this event's cookie."""
    token = request.headers.get("X-Participant-Token") or request.cookies.get(PARTICIPANT_COOKIE.format(eid))
    pid = services().participants.verify(token, eid)
    if not pid:
        raise Unauthorized("Join the event first.", code="participant_required")
    return pid


@api.post("/polls/<pid>/votes")
def vote(pid):
    data = body(schemas.Vote)
    eid = services().polls.event_id_of(pid)
    participant = participant_for(eid)
    outcome = services().votes.cast(eid, pid, participant, data["value"], data["client_vote_id"])
    return jsonify({"ok": True, "outcome": outcome}), 200


@api.get("/events/<eid>/live")
def live_state(eid):
    """The attendee's view of an event over HTTP, for clients without a socket."""
    participant = participant_for(eid)
    return jsonify(services().audience_state(eid, participant))
