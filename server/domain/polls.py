"""Polls: definitions through the type registry, and the live-poll lifecycle."""

import json

from . import Conflict, Invalid, NotFound, new_id, now_ms, poll_types, valid_id
from .notifier import Notifier

MAX_QUESTION = 300
COPY_SUFFIX = " (copy)"  # a duplicated poll's and event's title


def decode_poll(raw):
    poll = {
        "id": raw["id"],
        "event_id": raw["event_id"],
        "type": raw["type"],
        "question": raw["question"],
        "options": poll_types.with_image_sources(raw["event_id"], json.loads(raw["options"])),
        "settings": json.loads(raw["settings"]),
        "state": raw["state"],
        "revealed": raw.get("revealed") == "1",
        "closes_at": int(raw.get("closes_at") or 0) or None,
        "opened_at": int(raw.get("opened_at") or 0) or None,
        "rev": raw.get("rev") or "0",  # bumped by every edit; the vote script compares it
        "round": int(raw.get("round") or 0),  # bumped by every reset: phones drop their answer
    }
    if raw.get("survey") and poll["state"] == "open" and poll["closes_at"] and now_ms() > poll["closes_at"]:
        poll["state"] = "closed"  # a survey's poll past its closing time, before the broadcaster closes it
    poll["remaining_ms"] = remaining_ms(poll)
    poll["ui"] = poll_types.get(poll["type"]).ui(poll)
    return poll


def remaining_ms(poll, now=None):
    """Time left to answer, for a countdown driven by the server rather than the phone's clock."""
    if poll["state"] != "open" or not poll["closes_at"]:
        return None
    return max(0, poll["closes_at"] - (now or now_ms()))


def public_poll(poll):
    """What an attendee may see of a poll: in a quiz lobby not yet its question or options."""
    kind = poll_types.get(poll["type"])
    waiting = poll["state"] == "lobby"
    return {
        "id": poll["id"],
        "type": poll["type"],
        "question": "" if waiting else poll["question"],
        "options": [] if waiting else poll["options"],
        "settings": kind.public_settings(poll),
        "state": poll["state"],
        "revealed": poll["revealed"],
        "remaining_ms": poll["remaining_ms"],
        "round": poll["round"],
        "ui": poll["ui"],
    }


def checked_question(question):
    question = (question or "").strip() if isinstance(question, str) else ""
    if not 0 < len(question) <= MAX_QUESTION:
        raise Invalid(f"A question has 1 to {MAX_QUESTION} characters.", code="invalid_question")
    return question


EDIT_REFUSALS = {  # edit_poll.lua / delete_poll.lua refusals -> the error the organizer sees
    "poll_not_found": NotFound("No such poll.", code="poll_not_found"),
    "poll_live": Conflict("The poll is open: close it before changing or deleting it.", code="poll_live"),
    "poll_has_votes": Conflict(
        "People have answered this poll, so its options and settings are fixed. Duplicate it to change them.",
        code="poll_has_votes",
    ),
}


class Polls:
    def __init__(self, store, notifier=None, images=None):
        self.store = store
        self.notifier = notifier or Notifier()
        self.images = images  # the events' uploaded images (media/images.ImageStore): options may show them
        self._definitions = {}  # (event id, poll id) -> decoded poll; type/options never change

    def create(self, eid, kind_name, question, options=None, settings=None, after=None):
        poll = self._add(eid, kind_name, question, options, settings, after)
        self.notifier.polls_changed(eid)
        return poll

    def _add(self, eid, kind_name, question, options=None, settings=None, after=None):
        kind = poll_types.get(kind_name)
        question = checked_question(question)
        options, settings = kind.definition(options, settings)
        self._check_images(eid, options)
        poll = {
            "id": new_id(6),
            "type": kind.name,
            "question": question,
            "options": options,
            "settings": settings,
            "created_at": now_ms(),
        }
        self.store.polls.create(eid, poll, kind.count_fields(poll), kind.free_fields, kind.script_fields(poll), after)
        return self.get(eid, poll["id"])

    def get(self, eid, pid):
        raw = self.store.polls.get(eid, pid) if valid_id(pid) else None
        if not raw:
            raise NotFound("No such poll.", code="poll_not_found")
        return decode_poll(raw)

    def forget_definition(self, eid, pid):
        self._definitions.pop((eid, pid), None)

    def definition(self, eid, pid):
        """The poll as the vote path needs it, cached: type, options and settings never change."""
        key = (eid, pid)
        poll = self._definitions.get(key)
        if poll is None:
            # The event's language, read once with the poll: a word cloud counts Finnish words by lemma.
            event = self.store.events.get(eid) or {}
            poll = self._definitions[key] = {**self.get(eid, pid), "language": event.get("language")}
        return poll

    def list(self, eid):
        return [decode_poll(raw) for raw in self.store.polls.get_many(eid, self.store.polls.ids(eid))]

    def event_id_of(self, pid):
        eid = self.store.polls.event_id(pid) if valid_id(pid) else None
        if not eid:
            raise NotFound("No such poll.", code="poll_not_found")
        return eid

    def live(self, eid):
        pid = self.store.polls.live_id(eid)
        return self.get(eid, pid) if pid else None

    def open(self, eid, pid):
        return self._make_live(eid, self.get(eid, pid), "open")

    def lobby(self, eid, pid):
        """Makes a quiz question live without its clock: phones pick nicknames and the screen shows
        who is in, until open() starts the question."""
        poll = self.get(eid, pid)
        if not poll_types.get(poll["type"]).has_points:
            raise Invalid("Only a quiz question has a lobby.", code="not_a_quiz")
        if poll["state"] == "open":
            raise Conflict("The question is already open.", code="poll_live")
        return self._make_live(eid, poll, "lobby")

    def _make_live(self, eid, poll, state):
        pid = poll["id"]
        time_limit = poll["settings"].get("time_limit") if state == "open" else None
        for _ in range(10):
            now = now_ms()
            closes_at = now + time_limit * 1000 if time_limit else 0
            previous = self.store.polls.live_id(eid)
            outcome = self.store.polls.open(eid, pid, previous, now, closes_at, state)
            if outcome == "ok":
                self.notifier.poll_changed(eid)
                return self.get(eid, pid), previous
            if outcome != "retry":
                raise NotFound("No such poll.", code="poll_not_found")
        raise Conflict("Another poll was opened at the same moment; try again.", code="busy")

    def close(self, eid, pid):
        if self.store.polls.close(eid, pid, now_ms()) != "ok":
            raise NotFound("No such poll.", code="poll_not_found")
        self.notifier.poll_changed(eid)
        return self.get(eid, pid)

    def close_if_expired(self, eid, pid, poll):
        """Closes an open poll whose time limit has passed (quiz questions end on the server's clock;
        the vote script already refuses late answers). True when it closed it."""
        if poll["state"] != "open" or not poll["closes_at"] or now_ms() < poll["closes_at"]:
            return False
        self.close(eid, pid)
        return True

    def reset(self, eid, pid):
        """Forgets every vote of the poll (the presenter confirmed it); a quiz player who answered
        only this question leaves the leaderboard."""
        others = ()
        if poll_types.get(self.get(eid, pid)["type"]).has_points:
            others = tuple(p["id"] for p in self.list(eid) if p["id"] != pid and poll_types.get(p["type"]).has_points)
        if self.store.polls.reset(eid, pid, others) != "ok":
            raise NotFound("No such poll.", code="poll_not_found")
        self.notifier.poll_changed(eid)
        return self.get(eid, pid)

    def update_settings(self, eid, pid, changes):
        poll = self.get(eid, pid)
        settings = {**poll["settings"], **changes}
        self.store.polls.set_fields(eid, pid, {"settings": json.dumps(settings)})
        self._definitions.pop((eid, pid), None)
        self.notifier.poll_changed(eid)  # every presenter screen shows the same profanity toggle
        return self.get(eid, pid)

    def reveal(self, eid, pid, revealed=True):
        self.get(eid, pid)
        self.store.polls.set_fields(eid, pid, {"revealed": "1" if revealed else "0"})
        self.notifier.poll_changed(eid)
        return self.get(eid, pid)

    @staticmethod
    def checked_definition(poll):
        """(type, question, option texts, settings) of a poll described elsewhere (an import)."""
        kind = poll_types.get(poll["type"])
        options, settings = kind.definition(poll.get("options"), poll.get("settings"))
        return (
            kind.name,
            checked_question(poll["question"]),
            poll_types.option_definitions({"options": options}),
            settings,
        )

    def edit(self, eid, pid, changes):
        """A new question, options or settings for a poll that is not open (see EDIT_REFUSALS)."""
        poll = self.get(eid, pid)
        kind = poll_types.get(poll["type"])
        fields, count_fields = {}, None
        if "question" in changes:
            fields["question"] = checked_question(changes["question"])
        if changes.get("options") is not None or changes.get("settings") is not None:
            given = changes.get("options")
            if given is None:
                given = poll_types.option_definitions(poll)
            settings = {**poll["settings"], **(changes.get("settings") or {})}
            options, settings = kind.definition(given, settings)
            self._check_images(eid, options)
            definition = {**poll, "options": options, "settings": settings}
            fields.update(kind.script_fields(definition), options=json.dumps(options), settings=json.dumps(settings))
            count_fields = kind.count_fields(definition)
        if fields:
            outcome = self.store.polls.edit(eid, pid, fields, count_fields)
            if outcome != "ok":
                raise EDIT_REFUSALS[outcome]
            self._definitions.pop((eid, pid), None)
        self.notifier.polls_changed(eid)
        return self.get(eid, pid)

    def delete(self, eid, pid):
        outcome = self.store.polls.delete(eid, pid)
        if outcome != "ok":
            raise EDIT_REFUSALS[outcome]
        self._definitions.pop((eid, pid), None)
        self.notifier.poll_changed(eid)

    def duplicate(self, eid, pid, into_eid=None):
        """A draft copy of the poll, right after it (or last in another event), with no responses."""
        poll = self.get(eid, pid)
        options = poll_types.option_definitions(poll)
        after = pid if into_eid in (None, eid) else None
        if into_eid not in (None, eid) and poll_types.images_of(options):
            self.images.copy(eid, into_eid, poll_types.images_of(options))
        question = poll["question"]
        if after:  # beside its original, a copy must read as one (not when copied into another event)
            question = question[: MAX_QUESTION - len(COPY_SUFFIX)] + COPY_SUFFIX
        copy = self._add(into_eid or eid, poll["type"], question, options, poll["settings"], after=after)
        self.notifier.polls_changed(into_eid or eid)
        return copy

    def _check_images(self, eid, options):
        for image in poll_types.images_of(options):
            if self.images is None or not self.images.exists(eid, image):
                raise Invalid("An option's image is not one uploaded to this event.", code="unknown_image")

    def reorder(self, eid, poll_ids):
        if self.store.polls.reorder(eid, list(poll_ids)) != "ok":
            raise Invalid("Give every poll of the event exactly once, in the new order.", code="invalid_order")
        self.notifier.polls_changed(eid)
        return self.list(eid)
