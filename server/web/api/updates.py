"""/api/v1/events/EID/update: the organizer's "you said, we did" update, shown at the join link."""

from flask import jsonify

from ..helpers import event_role, organizer_required, services
from ..update_schema import UpdateWrite
from .base import api, body


@api.get("/events/<eid>/update")
@organizer_required
@event_role("edit")
def get_update(event):
    return jsonify(services().updates.get(event["id"]))


@api.put("/events/<eid>/update")
@organizer_required
@event_role("edit")
def save_update(event):
    """Writes the text, the polls it answers (refs) and the follow-up survey; publishing is apart."""
    return jsonify(services().updates.save(event["id"], body(UpdateWrite)))


@api.post("/events/<eid>/update/publish")
@organizer_required
@event_role("edit")
def publish_update(event):
    return jsonify(services().updates.publish(event["id"], True))


@api.post("/events/<eid>/update/unpublish")
@organizer_required
@event_role("edit")
def unpublish_update(event):
    return jsonify(services().updates.publish(event["id"], False))


@api.delete("/events/<eid>/update")
@organizer_required
@event_role("edit")
def delete_update(event):
    services().updates.delete(event["id"])
    return "", 204
