"""Reactions after the talk: a short video (or a few lines of text) from an attendee who consented."""

from contextlib import contextmanager
from dataclasses import asdict, dataclass

from . import Conflict, DomainError, Invalid, NotFound, StorageFull, new_id, now_ms, valid_id
from .errors import NotAVideo, TooCostly
from .events import decode_event
from .insights import texts_arrived
from .notifier import Notifier
from .text import clean_text
from .transcripts import TRANSCRIBE_JOB, captions, initial_state, transcribe_job, transcript_view
from .video_copies import transcode_job

MAX_TEXT = 500
LIMIT_GRACE_SECONDS = 5
STATUSES = ("pending", "approved", "rejected")
MAX_OWN = 100  # a phone's own reactions it is shown, newest: read from its index on every connect
WORKING = ("queued", "transcribing")  # transcript states a worker has yet to end


@dataclass(frozen=True)
class Caps:
    """What one participant may send to one event: every phone may be hostile, and each reaction
    costs the organizer's insights and the disk (REACTIONS_PER_PARTICIPANT, ...)."""

    count: int = 20
    bytes: int = 100 * 1024 * 1024
    text_chars: int = MAX_TEXT


@dataclass(frozen=True)
class MediaQuota:
    """What stored videos may hold (MEDIA_VIDEOS_PER_PARTICIPANT, MEDIA_BYTES_PER_PARTICIPANT,
    MEDIA_BYTES_PER_EVENT): checked with the event's existence when a video is recorded."""

    videos: int = 3
    bytes: int = 60 * 1024 * 1024
    event_bytes: int = 2 * 1024 * 1024 * 1024

    def refusal(self, exceeded):
        """The error for the quota a video would exceed (store.reactions' names)."""
        if exceeded == "event_bytes":
            return StorageFull("This event has no room for more videos.", code="event_media_full")
        if exceeded == "videos":
            message = f"You have {self.videos} videos stored, as many as one person may; delete one first."
            return DomainError(message, code="video_quota", status=429)
        message = f"Your videos may take {self.bytes // (1024 * 1024)} MB in all; delete one first."
        return DomainError(message, code="video_quota", status=413)


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


def _over_quota(taken):
    if taken == -2:
        return NotFound("No such event.", code="event_not_found")
    what = "as many reactions" if taken == 0 else "as much video and text"
    return Conflict(f"You have sent {what} as one person may to this event.", code="reaction_quota")


def _too_costly():
    return Invalid("That video takes too long to read; record it again.", code="video_too_costly")


class Reactions:
    def __init__(
        self, store, media_store, transcribe=True, caps=Caps(), media_quota=MediaQuota(), *, run_blocking, notifier=None
    ):
        """`media_store`: where videos are read and kept (media/video.py's MediaStore). `run_blocking`:
        the port that runs a call off the event loop (runtime/offload.py's, handed in by runtime/services.py)."""
        self.store = store
        self.media = media_store
        self.run_blocking = run_blocking
        self.transcribe = transcribe  # queue a transcript job for each video (TRANSCRIBE)
        self.caps = caps
        self.media_quota = media_quota
        self.notifier = notifier or Notifier()

    def set_open(self, eid, is_open):
        self.store.events.update(eid, {"reactions_open": "1" if is_open else "0"})
        self.notifier.reactions_changed(eid)

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
            if len(text) > self.caps.text_chars:
                most = self.caps.text_chars
                raise Invalid(f"A text reaction has at most {most} characters.", code="invalid_text")
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
            with self._within_quota(event["id"], participant, size + len(text.encode())):
                jobs = []
                if upload is not None:
                    eid, rid = event["id"], reaction["id"]
                    reaction.update(self._keep_video(eid, rid, upload, size, settings["limit_seconds"]))
                    reaction.update(transcript_state=initial_state(self.transcribe), mp4_state="queued")
                    # the MP4 first: seconds of work, where a transcript may take a minute
                    jobs = [transcode_job(eid, rid), *([transcribe_job(eid, rid)] if self.transcribe else [])]
                self._record(event["id"], reaction, jobs)
            if text:
                texts_arrived(self.store, event["id"])
            return public_reaction(reaction)
        finally:
            if upload is not None:
                upload.unlink(missing_ok=True)

    def ensure_quota(self, eid, participant):
        """Refuses a participant who sent all they may, before their upload is read."""
        count, used = self.store.reactions.quota_used(eid, participant)
        if count >= self.caps.count or used >= self.caps.bytes:
            raise _over_quota(0 if count >= self.caps.count else -1)

    @contextmanager
    def _within_quota(self, eid, participant, size):
        """Counts a reaction against its participant's caps; given back if it is refused after all."""
        taken = self.store.reactions.take_quota(eid, participant, size, self.caps.count, self.caps.bytes)
        if taken != 1:
            raise _over_quota(taken)
        try:
            yield
        except BaseException:
            self.store.reactions.give_back_quota(eid, participant, size)
            raise

    def admit_video(self, eid, participant, incoming_bytes):
        """Refuses an upload before it is read when the participant's or the event's stored videos,
        or the disk's free space less its reserve, have no room for `incoming_bytes` more."""
        exceeded = self.store.reactions.media_quota_exceeded(eid, participant, incoming_bytes, asdict(self.media_quota))
        if exceeded:
            raise self.media_quota.refusal(exceeded)
        self.media.ensure_room(incoming_bytes)

    def _record(self, eid, reaction, jobs):
        """Stores the reaction unless its event was erased meanwhile or its video is over quota;
        then its files go too (erasure may have removed the event's folder before they arrived)."""
        outcome = self.store.reactions.add(eid, reaction, jobs, asdict(self.media_quota))
        if outcome == "ok":
            return
        if reaction["kind"] == "video":
            self.media.delete(eid, reaction["id"], reaction["extension"])
        if outcome == "event_gone":
            self.media.delete_event(eid)
            raise NotFound("No such event.", code="event_not_found")
        raise self.media_quota.refusal(outcome)

    def _keep_video(self, eid, rid, upload, size, limit_seconds):
        try:
            probe = self.run_blocking(self.media.probe, upload)  # seconds of CPU, off the loop
        except TooCostly:
            raise _too_costly() from None
        except NotAVideo:
            raise Invalid("That file is not a WebM or MP4 video.", code="not_a_video") from None
        if probe.duration > limit_seconds + LIMIT_GRACE_SECONDS:
            raise Invalid(f"A video reaction lasts at most {limit_seconds} seconds.", code="video_too_long")
        try:
            size = self.run_blocking(self.media.keep, upload, eid, rid, probe.extension)  # remuxes, decodes a poster
        except TooCostly:
            raise _too_costly() from None
        except NotAVideo:
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
        """The transcripts queue as organizers see it: clips waiting or being transcribed, for every event
        (the queue also holds themes and video copies, which are not clips waiting)."""
        return {"depth": self.store.jobs.depth(TRANSCRIBE_JOB)}

    def workers(self, eid):
        """(live workers, ids of this event's reactions whose running job lost its worker)."""
        live = self.store.jobs.live_workers()
        stranded = {job.get("reaction") for job in self.store.jobs.stranded(live) if job.get("event") == eid}
        return len(live), stranded

    @staticmethod
    def waits_for_worker(reaction, live, stranded):
        """A transcript not yet made that no worker will make for now: there is none alive, or the
        one that had it died and no other took it over yet. The server starts its own again."""
        if reaction["kind"] != "video" or reaction.get("transcript_state") not in WORKING:
            return False
        return live == 0 or reaction["id"] in stranded

    def captions(self, eid, rid):
        return captions(self.get(eid, rid))

    def of_participant(self, eid, participant):
        return own_reactions(self.store.reactions.own(eid, participant, MAX_OWN), participant)

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
        video_of = None
        if reaction["kind"] == "video":
            self.media.delete(eid, reaction["id"], reaction["extension"])
            # a restored video's file never came, so it took no room (domain/restore.py)
            video_of = None if reaction.get("media") == "missing" else (reaction["participant"], int(reaction["size"]))
        self.store.reactions.delete(eid, reaction["id"], video_of)

    def purge_expired(self, now=None):
        """Deletes reactions older than their event's retention; returns how many went."""
        now = now or now_ms()
        purged = 0
        # with folders in MEDIA_DIR: files of an event gone before its reaction was recorded
        for eid in {*self.store.reactions.events_with_reactions(), *filter(valid_id, self.media.event_ids())}:
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
