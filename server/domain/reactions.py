"""Reactions after the talk: a short video (or a few lines of text) from an attendee who consented."""

from .. import media
from ..offload import run_blocking
from . import Conflict, Invalid, NotFound, new_id, now_ms, valid_id
from .events import decode_event
from .text import clean_text
from .transcripts import captions, initial_state, transcribe_job, transcript_view

MAX_TEXT = 500
LIMIT_GRACE_SECONDS = 5
STATUSES = ("pending", "approved", "rejected")


def reaction_settings(event):
    return {
        "open": event["reactions_open"],
        "limit_seconds": event["reaction_limit"],
        "retention_days": event["retention_days"],
    }


def public_reaction(reaction):
    view = {
        "id": reaction["id"],
        "kind": reaction["kind"],
        "text": reaction.get("text") or None,
        "status": reaction["status"],
        "created_at": int(reaction["created_at"]),
        "consented_at": int(reaction["consented_at"]) if reaction.get("consented_at") else None,
    }
    if reaction["kind"] == "video":
        view.update(
            {
                "duration": float(reaction["duration"]),
                "size": int(reaction["size"]),
                "mime": reaction["mime"],
                "width": int(reaction.get("width") or 0),
                "height": int(reaction.get("height") or 0),
            }
        )
    view.update(transcript_view(reaction))
    return view


def own_reactions(reactions, participant):
    return [public_reaction(r) for r in reactions if r["participant"] == participant]


class Reactions:
    def __init__(self, store, media_store, transcribe=True):
        self.store = store
        self.media = media_store
        self.transcribe = transcribe  # queue a transcript job for each video (TRANSCRIBE)

    def set_open(self, eid, is_open):
        self.store.events.update(eid, {"reactions_open": "1" if is_open else "0"})

    @staticmethod
    def ensure_open(event):
        if not reaction_settings(event)["open"]:
            raise Conflict("Reactions are closed for this event.", code="reactions_closed")

    def submit(self, event, participant, consent, text=None, upload=None, size=0):
        """Stores a reaction; `upload` is a temp file path of a video, removed whatever happens."""
        try:
            settings = reaction_settings(event)
            self.ensure_open(event)
            text = clean_text(text or "")
            if len(text) > MAX_TEXT:
                raise Invalid(f"A text reaction has at most {MAX_TEXT} characters.", code="invalid_text")
            if upload is None and not text:
                raise Invalid("Send a video or write a few words.", code="empty_reaction")
            if upload is not None and not consent:
                raise Invalid("A video needs your consent first.", code="consent_required")
            reaction = {
                "id": new_id(9),
                "participant": participant,
                "text": text,
                "status": "pending",
                "created_at": now_ms(),
                "kind": "text",
            }
            if consent:
                reaction["consented_at"] = now_ms()
            job = None
            if upload is not None:
                reaction.update(self._keep_video(event["id"], reaction["id"], upload, size, settings["limit_seconds"]))
                reaction["transcript_state"] = initial_state(self.transcribe)
                job = transcribe_job(event["id"], reaction["id"]) if self.transcribe else None
            self.store.reactions.add(event["id"], reaction, job)
            return public_reaction(reaction)
        finally:
            if upload is not None:
                upload.unlink(missing_ok=True)

    def _keep_video(self, eid, rid, upload, size, limit_seconds):
        try:
            probe = run_blocking(media.probe, upload)  # decodes the video: seconds of CPU, off the loop
        except media.NotAVideo:
            raise Invalid("That file is not a WebM or MP4 video.", code="not_a_video") from None
        if probe.duration > limit_seconds + LIMIT_GRACE_SECONDS:
            raise Invalid(f"A video reaction lasts at most {limit_seconds} seconds.", code="video_too_long")
        try:
            run_blocking(self.media.keep, upload, eid, rid, probe.extension)  # decodes a poster frame
        except media.NotAVideo:
            raise Invalid("That video has no picture to show.", code="not_a_video") from None
        return {
            "kind": "video",
            "duration": round(probe.duration, 2),
            "size": size,
            "mime": probe.mime,
            "extension": probe.extension,
            "width": probe.width,
            "height": probe.height,
        }

    def get(self, eid, rid):
        reaction = self.store.reactions.get(eid, rid) if valid_id(rid) else None
        if not reaction:
            raise NotFound("No such reaction.", code="reaction_not_found")
        return reaction

    def list(self, eid):
        return self.store.reactions.all(eid)

    def queue(self):
        """The job queue as organizers see it: jobs waiting or running, for every event."""
        return {"depth": self.store.jobs.depth()}

    def captions(self, eid, rid):
        return captions(self.get(eid, rid))

    def of_participant(self, eid, participant):
        return own_reactions(self.list(eid), participant)

    def delete_own(self, eid, participant, rid):
        reaction = self.get(eid, rid)
        if reaction["participant"] != participant:
            raise NotFound("No such reaction.", code="reaction_not_found")
        self._delete(eid, reaction)

    def moderate(self, eid, rid, status):
        if status not in STATUSES:
            raise Invalid("The status is pending, approved or rejected.", code="invalid_status")
        self.get(eid, rid)
        self.store.reactions.update(eid, rid, {"status": status})
        return public_reaction(self.get(eid, rid))

    def _delete(self, eid, reaction):
        if reaction["kind"] == "video":
            self.media.delete(eid, reaction["id"], reaction["extension"])
        self.store.reactions.delete(eid, reaction["id"])

    def purge_expired(self, now=None):
        """Deletes reactions older than their event's retention; returns how many went."""
        now = now or now_ms()
        purged = 0
        for eid in self.store.reactions.events_with_reactions():
            raw = self.store.events.get(eid)
            if not raw:
                self.store.reactions.forget_event(eid)
                self.media.delete_event(eid)
                continue
            keep_ms = decode_event(raw)["retention_days"] * 86_400_000
            for reaction in self.list(eid):
                if now - int(reaction["created_at"]) > keep_ms:
                    self._delete(eid, reaction)
                    purged += 1
        return purged

    def delete_event_files(self, eid):
        self.media.delete_event(eid)
