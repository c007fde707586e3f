"""Reactions over HTTP: phones upload, organizers review, stream and download them."""

from flask import Blueprint, Response, current_app, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from ...domain import NotFound
from ...domain.reactions import public_reaction, reaction_settings
from ...media.exports import reactions_zip
from .. import schemas
from ..helpers import event_role, organizer_required, services
from .participants import participant_for

reactions_api = Blueprint("reactions_api", __name__, url_prefix="/api/v1")
MULTIPART_OVERHEAD = 64 * 1024


@reactions_api.post("/events/<eid>/reactions/open")
@organizer_required
@event_role("edit")
def open_reactions(event):
    return _set_reactions_open(event["id"], True)


@reactions_api.post("/events/<eid>/reactions/close")
@organizer_required
@event_role("edit")
def close_reactions(event):
    return _set_reactions_open(event["id"], False)


def _set_reactions_open(eid, is_open):
    services().reactions.set_open(eid, is_open)
    return jsonify(reaction_settings(services().events.get(eid)))


@reactions_api.get("/events/<eid>/reactions")
@organizer_required
@event_role("view")
def list_reactions(event):
    eid = event["id"]
    base = f"/api/v1/events/{eid}/reactions"
    reactions = services().reactions
    live, stranded = reactions.workers(eid)
    views = []
    for reaction in reactions.list(eid):
        view = public_reaction(reaction)
        view["waiting_for_worker"] = reactions.waits_for_worker(reaction, live, stranded)
        if reaction["kind"] == "video":
            view["video_url"] = f"{base}/{reaction['id']}/video"
            view["poster_url"] = f"{base}/{reaction['id']}/poster.jpg"
            if view["transcript"]:  # done, with words in it
                view["captions_url"] = f"{base}/{reaction['id']}/captions.vtt"
        views.append(view)
    summary = {"reactions": views, **reaction_settings(event), "queue": reactions.queue(), "workers": {"live": live}}
    return jsonify(summary)


@reactions_api.patch("/events/<eid>/reactions/<rid>")
@organizer_required
@event_role("moderate")
def moderate_reaction(event, rid):
    status = schemas.load(schemas.ReactionStatus, request.get_json())["status"]
    return jsonify(services().reactions.moderate(event["id"], rid, status))


def _video_file(eid, rid):
    reaction = services().reactions.get(eid, rid)
    if reaction["kind"] != "video":
        raise NotFound("That reaction has no video.", code="reaction_not_found")
    if reaction.get("media") == "missing":  # restored from an export, which holds no media
        raise NotFound("This reaction's video was not restored.", code="video_not_restored")
    return reaction


@reactions_api.get("/events/<eid>/reactions/<rid>/video")
@organizer_required
@event_role("view")
def reaction_video(event, rid):
    """The video with HTTP Range support (206), so browsers can seek."""
    eid = event["id"]
    reaction = _video_file(eid, rid)
    path = services().reactions.media.video_path(eid, rid, reaction["extension"])
    return send_file(path, mimetype=reaction["mime"], conditional=True, max_age=0)


@reactions_api.get("/events/<eid>/reactions/<rid>/poster.jpg")
@organizer_required
@event_role("view")
def reaction_poster(event, rid):
    _video_file(event["id"], rid)
    return send_file(services().reactions.media.poster_path(event["id"], rid), mimetype="image/jpeg", conditional=True)


@reactions_api.get("/events/<eid>/reactions/<rid>/captions.vtt")
@organizer_required
@event_role("view")
def reaction_captions(event, rid):
    """WebVTT captions from the transcript's segments, for the gallery player's <track>."""
    vtt = services().reactions.captions(event["id"], rid)
    return Response(vtt, mimetype="text/vtt", headers={"Cache-Control": "no-cache"})


@reactions_api.get("/events/<eid>/reactions.zip")
@organizer_required
@event_role("results")
def reactions_download(event):
    eid = event["id"]
    media = services().reactions.media
    chunks = reactions_zip(services().reactions.list(eid), lambda r: media.video_path(eid, r["id"], r["extension"]))
    response = Response(chunks, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="hetki-{event["code"]}-reactions.zip"'
    return response


@reactions_api.post("/join/<code>/reactions")
def upload_reaction(code):
    """Multipart `video`, `consent=true`, `text?`. Too large a body is refused before it is read."""
    hetki = services()
    event = hetki.events.by_code(code)
    participant = participant_for(event["id"])
    hetki.reactions.ensure_open(event)
    hetki.reactions.ensure_quota(event["id"], participant)  # before the upload is read
    if request.content_length is None or request.content_length > MULTIPART_OVERHEAD:  # a video, then
        hetki.reactions.admit_video(event["id"], participant, request.content_length or 0)
    limit = current_app.config["HETKI"].MAX_VIDEO_BYTES
    if request.content_length is not None and request.content_length > limit + MULTIPART_OVERHEAD:
        raise RequestEntityTooLarge(f"A video may be at most {limit // (1024 * 1024)} MB.")
    request.max_content_length = limit + MULTIPART_OVERHEAD
    form = schemas.load(schemas.ReactionUpload, request.form.to_dict())
    video = request.files.get("video")
    upload, size = None, 0
    if video is not None and video.filename is not None:
        upload = hetki.reactions.media.receive(video.save)  # a server-made name, never the client's
        size = upload.stat().st_size
        if size == 0:
            upload.unlink()
            upload = None
    reaction = hetki.reactions.submit(event, participant, form["consent"] in ("true", "on"), form["text"], upload, size)
    return jsonify(reaction), 201


@reactions_api.get("/join/<code>/reactions")
def own_reactions(code):
    event = services().events.by_code(code)
    participant = participant_for(event["id"])
    return jsonify(
        {"reactions": services().reactions.of_participant(event["id"], participant), **reaction_settings(event)}
    )


@reactions_api.delete("/join/<code>/reactions/<rid>")
def delete_own_reaction(code, rid):
    event = services().events.by_code(code)
    participant = participant_for(event["id"])
    services().reactions.delete_own(event["id"], participant, rid)
    return "", 204
