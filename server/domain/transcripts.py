"""Transcripts of video reactions: what the API shows of them, their WebVTT captions, the job that
makes one. The words themselves are made by a worker (server/jobs/worker.py, server/media/speech.py)."""

import json

from . import NotFound

# queued → transcribing → done | failed (with a reason); off: made while TRANSCRIBE=0
STATES = ("queued", "transcribing", "done", "failed", "off")
TRANSCRIBE_JOB = "transcribe"
# Whisper's probability for the language of a clip's first 30 s of speech. Measured with Whisper
# base: espeak-ng English 0.99 (27 s) and 0.80 (one 2 s sentence), espeak-ng Finnish only 0.47
# (synthetic Finnish is heard poorly). Below this the event's language is the better guess.
SURE_OF_LANGUAGE = 0.6
# Whisper reads at most 223 tokens of prompt (half its text context): about 600 characters of
# Finnish or English; the rest would be cut by the model anyway.
HINT_CHARS = 600


def transcribe_job(eid, rid):
    """The queue entry that asks a worker for a reaction's transcript."""
    return {"kind": TRANSCRIBE_JOB, "event": eid, "reaction": rid}


def spoken_language(detected, probability, event_language):
    """The language to transcribe a clip in: the one detected in it, unless detection is unsure
    (below SURE_OF_LANGUAGE) and the event has a language of its own."""
    if event_language and probability < SURE_OF_LANGUAGE:
        return event_language
    return detected


def vocabulary_hint(polls, limit=HINT_CHARS):
    """The event's own words for the recognizer (names, terms): its polls' questions and options,
    each once, in the event's order, cut at a whole phrase within `limit` characters."""
    phrases, seen = [], set()
    for poll in polls:
        texts = [poll.get("question") or ""] + [o.get("text") or "" for o in poll.get("options") or []]
        for text in texts:
            phrase = " ".join(text.split())
            if phrase and phrase.casefold() not in seen:
                seen.add(phrase.casefold())
                phrases.append(phrase if phrase[-1] in ".?!" else phrase + ".")
    hint, used = [], 0
    for phrase in phrases:
        if used + len(phrase) + 1 > limit:
            break
        hint.append(phrase)
        used += len(phrase) + 1
    return " ".join(hint)


def progress_percent(fraction):
    """A transcript's progress as the gallery shows it: 0-99 while the words are still coming."""
    return max(0, min(99, int(fraction * 100)))


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
    if state == "transcribing" and reaction.get("transcript_progress"):
        view["transcript_progress"] = int(reaction["transcript_progress"])
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
