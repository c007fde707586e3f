"""Votes: one path for every poll type, ending in one Lua script."""

from . import Conflict, Invalid, NotFound, now_ms, poll_types
from .insights import texts_arrived

SCRIPT_ERRORS = {  # vote.lua's refusals -> (error class, message, code)
    "poll_not_found": (NotFound, "No such poll.", "poll_not_found"),
    "poll_closed": (Conflict, "This poll is not open for voting.", "poll_closed"),
    "time_up": (Conflict, "Time is up for this question.", "time_up"),
    "invalid_option": (Invalid, "Choose among the poll's options.", "invalid_value"),
    "stale_definition": (Conflict, "The poll changed; send your answer again.", "poll_changed"),
    "already_voted": (Conflict, "Your answer is final for this question.", "already_voted"),
}


class Votes:
    def __init__(self, store, polls, run_blocking=None):
        self.store = store
        self.polls = polls
        self.run_blocking = run_blocking or (lambda fn, *args: fn(*args))  # the app's: off the event loop

    def cast(self, eid, pid, participant, value, client_vote_id):
        """Record the participant's vote; returns 'new', 'changed' or 'duplicate'."""
        status, detail = self._cast(eid, pid, participant, value, client_vote_id)
        if detail == "stale_definition":  # edited since this process cached it: check the value again
            self.polls.forget_definition(eid, pid)
            status, detail = self._cast(eid, pid, participant, value, client_vote_id)
        if status == "err":
            error_class, message, code = SCRIPT_ERRORS[detail]
            raise error_class(message, code=code)
        if detail != "duplicate" and poll_types.get(self.polls.definition(eid, pid)["type"]).insights_role == "text":
            texts_arrived(self.store, eid)
        return detail

    def _cast(self, eid, pid, participant, value, client_vote_id):
        poll = self.polls.definition(eid, pid)
        kind = poll_types.get(poll["type"])
        if not kind.ready(poll):  # the first Finnish word of a process loads a dictionary: not on the loop
            self.run_blocking(kind.prepare, poll)
        increments = [(field, amount) for field, amount in kind.increments(poll, value) if amount]
        stored = kind.stored_value(value)
        return self.store.polls.cast_vote(
            eid, pid, participant, client_vote_id, stored, now_ms(), poll["rev"], increments
        )

    def vote_of(self, eid, pid, participant):
        ballot = self.store.polls.vote_of(eid, pid, participant)
        return ballot.value if ballot else None
