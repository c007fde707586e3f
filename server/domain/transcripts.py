"""Transcripts of video reactions: what the API shows of them, their WebVTT captions, the job that
makes one. The words themselves are made by a worker (server/jobs/worker.py, server/media/speech.py)."""

import json

from . import NotFound

# queued → transcribing → done | failed (with a reason); off: made while TRANSCRIBE=0
STATES = ("queued", "transcribing", "done", "failed", "off")
TRANSCRIBE_JOB = "transcribe"


def transcribe_job(eid, rid):
    """The queue entry that asks a worker for a reaction's transcript."""
    return {"kind": TRANSCRIBE_JOB, "event": eid, "reaction": rid}


def initial_state(enabled):
    return "queued" if enabled else "off"


def transcript_view(reaction):
    """{transcript, transcript_state, transcript_language[, transcript_reason]} of a stored reaction;
    a text reaction has no transcript (all None)."""
    if reaction["kind"] != "video":
        return {"transcript": None, "transcript_state": None, "transcript_language": None}
    state = reaction.get("transcript_state") or "off"  # videos from before transcripts existed
    view = {
        "transcript": reaction.get("transcript", "") if state == "done" else None,
        "transcript_state": state,
        "transcript_language": reaction.get("transcript_language") or None,
    }
    if state == "failed":
        view["transcript_reason"] = reaction.get("transcript_reason") or "error"
    return view


def segments_of(reaction):
    """[{start, end, text}] of a finished transcript, else []."""
    if reaction.get("transcript_state") != "done":
        return []
    return json.loads(reaction.get("transcript_segments") or "[]")


def _timestamp(seconds):
    ms = round(float(seconds) * 1000)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def _cue_text(text):
    """Cue text as WebVTT reads it: one line (a blank line would end the cue), & < > escaped, which
    also keeps an attendee's words from being read as a cue's `-->` or as markup."""
    one_line = " ".join(text.split())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(segments):
    cues = [
        f"{number}\n{_timestamp(s['start'])} --> {_timestamp(max(s['end'], s['start']))}\n{_cue_text(s['text'])}\n"
        for number, s in enumerate(segments, start=1)
        if s["text"].strip()
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def captions(reaction):
    """The WebVTT captions of a transcribed video reaction; NotFound while it has none."""
    segments = segments_of(reaction) if reaction["kind"] == "video" else []
    if not segments:
        raise NotFound("This reaction has no captions (yet).", code="captions_not_found")
    return webvtt(segments)
