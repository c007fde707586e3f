"""/api/v1 surveys: an event's self-paced poll sets (organizer) and a phone's progress in one."""

from flask import g, jsonify

from .. import schemas
from ..helpers import event_role, organizer_required, services
from .base import api, body
from .participants import participant_for


def _owned(sid):
    return services().surveys.get(g.event["id"], sid)  # event_role checked the organizer's role


@api.post("/events/<eid>/surveys")
@organizer_required
@event_role("edit")
def create_survey(event):
    data = body(schemas.SurveyCreate)
    survey = services().surveys.create(event["id"], data["title"], data["poll_ids"], data["invite_reactions"])
    return jsonify(survey), 201


@api.post("/events/<eid>/surveys/from-template")
@organizer_required
@event_role("edit")
def survey_from_template(event):
    data = body(schemas.SurveyTemplate)
    return jsonify(services().surveys.from_template(event, data["template"], data["title"])), 201


@api.get("/events/<eid>/surveys")
@organizer_required
@event_role("view")
def list_surveys(event):
    return jsonify({"surveys": services().surveys.list(event["id"])})


@api.get("/surveys/<sid>")
@organizer_required
@event_role("view")
def get_survey(sid):
    return jsonify(_owned(sid))


@api.patch("/surveys/<sid>")
@organizer_required
@event_role("edit")
def edit_survey(sid):
    survey = _owned(sid)
    return jsonify(services().surveys.edit(survey["event_id"], sid, body(schemas.SurveyEdit)))


@api.delete("/surveys/<sid>")
@organizer_required
@event_role("edit")
def delete_survey(sid):
    survey = _owned(sid)
    services().surveys.delete(survey["event_id"], sid)
    return "", 204


@api.post("/surveys/<sid>/open")
@organizer_required
@event_role("edit")
def open_survey(sid):
    survey = _owned(sid)
    return jsonify(services().surveys.open(survey["event_id"], sid, body(schemas.SurveyOpen)["closes_at"]))


@api.post("/surveys/<sid>/close")
@organizer_required
@event_role("edit")
def close_survey(sid):
    survey = _owned(sid)
    return jsonify(services().surveys.close(survey["event_id"], sid))


@api.get("/surveys/<sid>/funnel")
@organizer_required
@event_role("results")
def survey_funnel(sid):
    survey = _owned(sid)
    return jsonify(services().surveys.funnel(survey["event_id"], sid))


@api.post("/join/<code>/surveys/<sid>/progress")
def survey_progress(code, sid):
    """A phone says which question it is on (0-based): the same as the socket's `survey_progress`."""
    position = body(schemas.SurveyProgress)["position"]
    eid = services().events.id_by_code(code)
    progress = services().surveys.progress(eid, sid, participant_for(eid), position)
    return jsonify({"ok": True, "progress": progress})


@api.post("/join/<code>/surveys/<sid>/finish")
def survey_finish(code, sid):
    """A phone finished the survey: its ticket (its place in the finishing order), kept once given."""
    eid = services().events.id_by_code(code)
    progress = services().surveys.progress(eid, sid, participant_for(eid), None)
    return jsonify({"ok": True, "finished_at": progress["finished_at"], "ticket": progress["ticket"]})
