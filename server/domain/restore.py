"""A full restore: an event's JSON export brought back, on this server or another, as a new event with
its history, not only its structure (that is EventCopies.import_export, "use as a template").

Restored: the polls with their responses (each participant mapped to a new anonymous id, the same
one across polls and reactions; answer times kept; tallies rebuilt from the values as a vote would
count them), quiz points and nicknames, open answers' moderation, the Q&A (texts, names, upvote
counts, states), the reactions' metadata (text reactions whole; a video reaction as its metadata and
transcript, without its media, which the export does not carry) and the event's settings.

Bounded (RestoreLimits) and checked whole before anything is written: a file refused creates
nothing. A failure while writing (Redis gone) erases the half-made event.
"""

import json
from dataclasses import dataclass

from . import DomainError, Invalid, new_id, poll_types
from .participants import MAX_NICKNAME
from .questions import MAX_NAME, MAX_QUESTION, VISIBLE_TO_AUDIENCE
from .reactions import MAX_TEXT, STATUSES
from .text import clean_text

MODES = ("template", "restore")
ANSWER_STATES = ("approved", "hidden")  # written as such; "pending" is the event's default state
VIDEO_EXTENSIONS = {"video/webm": "webm", "video/mp4": "mp4"}
MAX_SEGMENTS = 2000


@dataclass(frozen=True)
class RestoreLimits:
    """The most one restore brings in; the body's bytes are bounded apart (IMPORT_BODY_BYTES)."""

    responses: int = 100_000
    questions: int = 5_000
    reactions: int = 5_000


TOO_MANY = {  # each code written out, as the translation test finds them
    "responses": dict(code="too_many_responses"),
    "questions": dict(code="too_many_questions"),
    "reactions": dict(code="too_many_reactions"),
}


def _too_many(what, most):
    return DomainError(f"A restore brings at most {most} {what}.", status=413, **TOO_MANY[what])


class EventRestore:
    def __init__(self, store, copies, limits=RestoreLimits()):
        self.store = store
        self.copies = copies  # EventCopies: checks and creates the event and its polls
        self.limits = limits

    def check_counts(self, exported):
        """Refuses an export holding more than the limits, before its rows are read one by one."""
        responses = sum(_count(p.get("responses")) for p in _list(exported.get("polls")) if isinstance(p, dict))
        for what, count in (
            ("responses", responses),
            ("questions", _count(exported.get("questions"))),
            ("reactions", _count(exported.get("reactions"))),
        ):
            if count > getattr(self.limits, what):
                raise _too_many(what, getattr(self.limits, what))

    def restore(self, owner, exported, settings):
        """The new event, from an export already shaped by its schema (web/restore_schema.py)."""
        return self.write(owner, self.prepare(exported, settings))

    def prepare(self, exported, settings):
        """Everything checked and built, nothing written: CPU only (no Redis), so a caller may run it
        off the event loop. Invalid or a 413 names what is refused."""
        self.check_counts(exported)
        checked, cleaned = self.copies.check_import(exported["polls"], exported["images"])
        people = _People(
            [r["participant"] for p in exported["polls"] for r in p["responses"]]
            + [r["participant"] for r in exported["reactions"]]
        )
        polls = [
            self._poll_rows(number, given, definition, settings.get("language"), people)
            for number, (given, definition) in enumerate(zip(exported["polls"], checked, strict=True), start=1)
        ]
        return {
            "title": exported["event"]["title"].strip(),
            "settings": settings,
            "checked": checked,
            "images": cleaned,
            "polls": polls,
            "questions": [_question(number, q) for number, q in enumerate(exported["questions"], start=1)],
            "reactions": [_reaction(number, r, people) for number, r in enumerate(exported["reactions"], start=1)],
            "people": people,
        }

    def write(self, owner, plan):
        """The event `prepare` planned, written; erased again if writing fails half-way."""
        event, poll_ids = self.copies.create_import(
            owner, plan["title"], plan["settings"], plan["checked"], plan["images"]
        )
        try:
            self._write(event["id"], poll_ids, plan)
        except BaseException:
            self.copies.events.delete(self.copies.events.get(event["id"]))
            raise
        return self.copies.events.get(event["id"])

    def _write(self, eid, poll_ids, plan):
        people, questions = plan["people"], plan["questions"]
        self.store.restore.participants(eid, people.records, people.nicknames)
        for pid, (rows, fields) in zip(poll_ids, plan["polls"], strict=True):
            outcome = self.store.restore.ballots(eid, pid, rows)
            if outcome != "ok":
                raise DomainError("The restored event changed while it was written.", code=outcome, status=409)
            self.store.restore.finish_poll(eid, pid, fields)
        shown = {q["id"] for q in questions if q["state"] in VISIBLE_TO_AUDIENCE}
        self.store.restore.questions(eid, questions, shown)
        self.store.restore.reactions(eid, plan["reactions"])

    def _poll_rows(self, number, given, definition, language, people):
        """([{participant, value, vote_id, increments, at_ms, points, state}], the poll's fields) of one
        exported poll, each value checked and counted as a vote would be."""
        kind_name, _, option_defs, settings = definition
        kind = poll_types.get(kind_name)
        options, settings = kind.definition(option_defs, settings)
        given_ids = [o.get("id") for o in given.get("options") or () if isinstance(o, dict)]
        if given_ids and given_ids != [o["id"] for o in options]:
            raise Invalid(f"Poll {number}: its options do not match its answers.", code="invalid_restore")
        poll = {"type": kind.name, "options": options, "settings": settings, "language": language}
        rows, seen = [], set()
        for row_number, response in enumerate(given["responses"], start=1):
            where = f"Poll {number}, response {row_number}"
            if response["participant"] in seen:
                raise Invalid(f"{where}: the same participant answers twice.", code="invalid_restore")
            seen.add(response["participant"])
            try:
                increments = tuple((f, n) for f, n in kind.increments(poll, response["value"]) if n)
            except Invalid as error:
                raise Invalid(f"{where}: {error.message}", code=error.code) from None
            participant = people.of(response["participant"], response["answered_at"])
            if kind.has_points and response.get("nickname"):
                people.name(participant, response["nickname"])
            state = response.get("state") if kind.moderated_answers else None
            rows.append(
                {
                    "participant": participant,
                    "value": kind.stored_value(response["value"]),
                    "vote_id": new_id(6),
                    "increments": increments,
                    "at_ms": response["answered_at"],
                    "points": (response.get("points") or 0) if kind.has_points else None,
                    "state": state if state in ANSWER_STATES else None,
                }
            )
        state = "draft" if given["state"] == "draft" and not rows else "closed"
        fields = {"state": state, "revealed": "1" if given["revealed"] else "0"}
        if given.get("opened_at"):  # answer times are measured from it (the summary's median)
            fields["opened_at"] = given["opened_at"]
        return rows, fields


def _list(value):
    return value if isinstance(value, list) else []


def _count(value):
    """How many items a list of the file holds (anything else the schema refuses later)."""
    return len(_list(value))


class _People:
    """Exported participant ids mapped to new anonymous ones, the same across polls and reactions.
    The new ids sort as the old ones did: where Redis breaks a tie by member (the leaderboard's equal
    points), the restored event ranks people as the original did."""

    def __init__(self, olds):
        olds = sorted(set(olds))
        news: set[str] = set()
        while len(news) < len(olds):
            news.add(new_id(12))
        self.ids = dict(zip(olds, sorted(news), strict=True))
        self.records = {}  # new id -> {nickname, joined_at}
        self.nicknames = {}  # case-folded -> new id, as claim_nickname.lua keeps them

    def of(self, old, at_ms):
        new = self.ids[old]
        record = self.records.setdefault(new, {"nickname": None, "joined_at": at_ms})
        record["joined_at"] = min(record["joined_at"], at_ms)
        return new

    def name(self, participant, nickname):
        """A quiz nickname; the first one a participant or a name is given wins."""
        nickname = " ".join(clean_text(nickname).split())[:MAX_NICKNAME]
        folded = nickname.casefold()
        if folded and not self.records[participant]["nickname"] and folded not in self.nicknames:
            self.records[participant]["nickname"] = nickname
            self.nicknames[folded] = participant


def _question(number, given):
    text = clean_text(given["text"])
    if not 0 < len(text) <= MAX_QUESTION:
        raise Invalid(f"Question {number}: a question has 1 to {MAX_QUESTION} characters.", code="invalid_restore")
    return {
        "id": new_id(6),
        "text": text,
        "name": clean_text(given.get("name") or "")[:MAX_NAME],
        "participant": new_id(12),  # the export does not say who asked: nobody's own question
        "state": given["state"],
        "highlighted": "1" if given["highlighted"] else "0",
        "created_at": given["created_at"],
        "upvotes": given["upvotes"],
    }


def _reaction(number, given, people):
    text = clean_text(given.get("text") or "")
    if len(text) > MAX_TEXT or given["status"] not in STATUSES:
        raise Invalid(f"Reaction {number}: not a reaction this server keeps.", code="invalid_restore")
    reaction = {
        "id": new_id(9),
        "participant": people.of(given["participant"], given["created_at"]),
        "kind": given["kind"],
        "text": text,
        "status": given["status"],
        "created_at": given["created_at"],
        **({"consented_at": given["consented_at"]} if given.get("consented_at") else {}),
    }
    if given["kind"] == "text":
        if not text:
            raise Invalid(f"Reaction {number}: a text reaction needs its text.", code="invalid_restore")
        return reaction
    extension = VIDEO_EXTENSIONS.get(given.get("mime"))
    if extension is None or given.get("duration") is None:
        raise Invalid(f"Reaction {number}: a video reaction needs its duration and type.", code="invalid_restore")
    reaction.update(
        duration=given["duration"],
        size=given.get("size") or 0,
        mime=given["mime"],
        extension=extension,
        width=given.get("width") or 0,
        height=given.get("height") or 0,
        media="missing",  # its file is not in the export: metadata and transcript only
        **_transcript(number, given),
    )
    return reaction


def _transcript(number, given):
    segments = given.get("transcript_segments") or []
    if given.get("transcript_state") != "done":
        return {"transcript_state": "off"}  # nothing to make it from here
    if len(segments) > MAX_SEGMENTS or not all(_segment(s) for s in segments):
        raise Invalid(f"Reaction {number}: its transcript's segments are not valid.", code="invalid_restore")
    return {
        "transcript_state": "done",
        "transcript": given.get("transcript") or "",
        "transcript_language": given.get("transcript_language") or "",
        "transcript_segments": json.dumps(segments, ensure_ascii=False),
    }


def _segment(segment):
    return (
        isinstance(segment, dict)
        and isinstance(segment.get("text"), str)
        and all(
            isinstance(segment.get(k), int | float) and not isinstance(segment.get(k), bool) for k in ("start", "end")
        )
    )
