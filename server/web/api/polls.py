"""/api/v1/events/<eid>/polls and /api/v1/polls/<pid>: an event's polls and their live state."""

from flask import jsonify

from .. import schemas
from ..helpers import event_role, organizer_required, services
from .base import api, body, optional_body


@api.post("/events/<eid>/polls")
@organizer_required
@event_role("edit")
def create_poll(event):
    data = body(schemas.PollCreate)
    poll = services().polls.create(event["id"], data["type"], data["question"], data["options"], data["settings"])
    return jsonify(poll), 201


@api.get("/events/<eid>/polls")
@organizer_required
@event_role("view")
def list_polls(event):
    return jsonify({"polls": services().polls.list(event["id"])})


@api.get("/polls/<pid>")
@organizer_required
@event_role("view")
def get_poll(event, poll):
    return jsonify(poll)


@api.post("/polls/<pid>/open")
@organizer_required
@event_role("edit")
def open_poll(event, poll):
    poll, _ = services().polls.open(event["id"], poll["id"])
    return jsonify(poll)


@api.post("/polls/<pid>/close")
@organizer_required
@event_role("edit")
def close_poll(event, poll):
    poll = services().polls.close(event["id"], poll["id"])
    return jsonify(poll)


@api.post("/polls/<pid>/reveal")
@organizer_required
@event_role("edit")
def reveal_poll(event, poll):
    pid = poll["id"]
    revealed = optional_body(schemas.Reveal, poll_id=pid)
    poll = services().polls.reveal(event["id"], pid, revealed["revealed"])
    return jsonify(poll)


@api.post("/polls/<pid>/reset")
@organizer_required
@event_role("edit")
def reset_poll(event, poll):
    """Forgets every vote of the poll; the body must say {"confirm": true}."""
    pid = poll["id"]
    optional_body(schemas.Reset, poll_id=pid)
    poll = services().polls.reset(event["id"], pid)
    return jsonify(poll)


@api.get("/polls/<pid>/results")
@organizer_required
@event_role("results")
def poll_results(event, poll):
    return jsonify(services().results.of_poll(poll))
