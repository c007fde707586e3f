"""/api/v1/surveys/<sid>/draw(s): the thank-you draw among a survey's finishers."""

from flask import g, jsonify

from .. import schemas
from ..helpers import event_role, organizer_required, services
from .base import api, optional_body


def _owned_survey(sid):
    return services().surveys.get(g.event["id"], sid)  # event_role checked the organizer's role


@api.post("/surveys/<sid>/draw")
@organizer_required
@event_role("edit")
def draw(sid):
    """Draws a winning ticket (a random seed unless one is given); screens and phones hear `draw`."""
    survey = _owned_survey(sid)
    return jsonify(services().draws.draw(survey, optional_body(schemas.Draw)["seed"])), 201


@api.get("/surveys/<sid>/draws")
@organizer_required
@event_role("results")
def list_draws(sid):
    return jsonify({"draws": services().draws.list(_owned_survey(sid))})
