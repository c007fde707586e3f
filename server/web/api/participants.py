"""/api/v1/join, votes and the live state: what a phone does over HTTP (the socket does the same)."""

from flask import jsonify, request

from ...domain import Unauthorized
from ...domain.events import public_event
from .. import schemas
from ..helpers import PARTICIPANT_COOKIE, services
from ..security import is_https
from .base import api, body


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
