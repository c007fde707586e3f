"""Understanding an event over /api/v1: participation and headline figures (and the report)."""

from flask import Blueprint, jsonify

from .web import organizer_required, owns_event, services

results_api = Blueprint("results_api", __name__, url_prefix="/api/v1")


@results_api.get("/events/<eid>/summary")
@organizer_required
@owns_event
def event_summary(event):
    """Who joined, who answered each poll (a funnel), how fast, and each poll's headline figure."""
    return jsonify(services().summary.of_event(event))
