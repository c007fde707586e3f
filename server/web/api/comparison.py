"""/api/v1: editions of a recurring event compared, and the organizer's NPS and CSAT over time."""

from flask import g, jsonify

from ..helpers import event_role, organizer_required, services
from .base import api


@api.get("/events/trend")
@organizer_required
def events_trend():
    """The organizer's latest events with an NPS or CSAT poll and those figures, oldest first."""
    return jsonify(services().comparison.trend(g.organizer))


@api.get("/events/<eid>/comparison")
@organizer_required
@event_role("results")
def event_comparison(event):
    """The event and the editions before it (previous_event_id), oldest first, with their figures."""
    return jsonify(services().comparison.of_event(event))
