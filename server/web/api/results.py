"""Understanding an event over /api/v1: participation, headline figures, themes (and the report)."""

from flask import Blueprint, Response, jsonify

from .. import report
from ..helpers import event_role, organizer_required, services
from ..i18n import event_language

results_api = Blueprint("results_api", __name__, url_prefix="/api/v1")


@results_api.get("/events/<eid>/summary")
@organizer_required
@event_role("results")
def event_summary(event):
    """Who joined, who answered each poll (a funnel), how fast, and each poll's headline figure."""
    return jsonify(services().summary.of_event(event))


@results_api.get("/events/<eid>/insights")
@organizer_required
@event_role("results")
def event_insights(event):
    """Recurring themes in what people wrote and said, overall and by their own score (NPS, else CSAT)."""
    return jsonify(services().insights.of_event(event))


@results_api.get("/events/<eid>/report.pdf")
@organizer_required
@event_role("results")
def event_report(event):
    """The results page printed to PDF (?lang= any registered language, else the event's)."""
    pdf = report.render_pdf(event, event_language(event))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="hetki-{event["code"]}-report.pdf"'
    return response
