"""Results of a poll, computed from its counts by its type; open-answer moderation; the quiz leaderboard."""

from . import Invalid, poll_types
from .events import decode_event
from .notifier import Notifier

LEADERBOARD_SIZE = 10
LOBBY_NAMES = 60  # nicknames a quiz lobby shows; the count covers everyone
ANSWER_WINDOW = 200  # newest open answers a results message carries: the presenter's items, the wall
ANSWER_STATES = ("approved", "hidden", "pending")
WALL_PAGE = 60  # most answer cards one wall page asks for: more than any screen holds


def for_audience(poll, results):
    """Results as phones get them: without the presenter's items, and while a poll is not closed
    without the leaderboard, whose points move with each right answer of an open quiz."""
    hidden = ("items", "players") if poll["state"] == "closed" else ("items", "leaderboard", "players")
    return {name: value for name, value in results.items() if name not in hidden}


class Results:
    def __init__(self, store, polls, notifier=None):
        self.store = store
        self.polls = polls
        self.notifier = notifier or Notifier()

    def of(self, eid, pid):
        return self.of_poll(self.polls.get(eid, pid))

    def of_poll(self, poll, with_items=False):
        counts, total = self.store.polls.tally(poll["event_id"], poll["id"])
        return self.of_tally(poll, counts, total, with_items)

    def of_tally(self, poll, counts, total, with_items=False):
        """The poll's results; `with_items` adds the newest open answers with their moderation
        state (the presenter's; phones never see pending ones)."""
        kind = poll_types.get(poll["type"])
        results = {"poll_id": poll["id"], "type": poll["type"], "total": total, "counts": kind.public_counts(counts)}
        results.update(kind.metrics(poll, counts, total))
        if kind.moderated_answers:
            items = self.newest_answers(poll)
            results["answers"] = [a["text"] for a in items if a["state"] == "approved"]
            if with_items:
                results["items"] = items
        if kind.has_points:
            results["leaderboard"] = self.leaderboard(poll["event_id"])
            if poll["state"] == "lobby":
                results["players"] = self.players(poll["event_id"])
        return results

    @staticmethod
    def headline(poll, results):
        return poll_types.get(poll["type"]).headline(poll, results)

    # open answers
    def answers(self, poll):
        """Every answer of an open poll, oldest first, with its moderation state."""
        eid = poll["event_id"]
        raw_event = self.store.events.get(eid)
        moderated = decode_event(raw_event)["moderate_answers"] if raw_event else True
        states = self.store.polls.moderation(eid, poll["id"])
        ballots = sorted(self.store.polls.votes(eid, poll["id"]).values(), key=lambda b: b.at_ms)
        default = "pending" if moderated else "approved"
        return [{"id": b.vote_id, "text": b.value, "state": states.get(b.vote_id, default)} for b in ballots]

    def newest_answers(self, poll, count=ANSWER_WINDOW):
        """The newest `count` answers of an open poll, oldest first, with their moderation state:
        what every results message carries, read from an index in O(count) however many came."""
        moderation, rows = self.store.polls.newest_answers(poll["event_id"], poll["id"], count)
        default = "pending" if moderation in (None, "1") else "approved"  # as decode_event reads moderate_answers
        return [{"id": b.vote_id, "text": b.value, "state": state or default} for b, state in reversed(rows)]

    def wall_page(self, eid, pid, start, count):
        """Approved answers `start`..`start + count` of an open poll, oldest first, and how many are
        approved: the wall pages through all of them, a page at a time, whatever the window of
        newest answers the results messages carry. Reads the poll's answers: one screen asks every
        few seconds, never per vote."""
        poll = self.polls.get(eid, pid)
        if not poll_types.get(poll["type"]).moderated_answers:
            raise Invalid("Only open answers make a wall.", code="not_moderated")
        approved = [{"id": a["id"], "text": a["text"]} for a in self.answers(poll) if a["state"] == "approved"]
        count = max(1, min(count, WALL_PAGE))
        return {"poll_id": pid, "start": start, "total": len(approved), "items": approved[start : start + count]}

    def moderate_answer(self, eid, pid, answer_id, state):
        poll = self.polls.get(eid, pid)
        if not poll_types.get(poll["type"]).moderated_answers:
            raise Invalid("Only open answers are moderated.", code="not_moderated")
        if state not in ANSWER_STATES:
            raise Invalid("Approve or hide an answer.", code="invalid_action")
        if not any(a["id"] == answer_id for a in self.answers(poll)):
            raise Invalid("No such answer.", code="answer_not_found")
        self.store.polls.moderate_answer(eid, pid, answer_id, state)
        self.notifier.answer_moderated(eid, pid, answer_id, state)

    def approve_all_answers(self, eid, pid):
        """Approves every pending answer of an open poll; the number approved."""
        poll = self.polls.get(eid, pid)
        if not poll_types.get(poll["type"]).moderated_answers:
            raise Invalid("Only open answers are moderated.", code="not_moderated")
        pending = [a["id"] for a in self.answers(poll) if a["state"] == "pending"]
        for answer_id in pending:
            self.store.polls.moderate_answer(eid, pid, answer_id, "approved")
        return len(pending)

    # quiz
    def leaderboard(self, eid):
        top = self.store.polls.leaderboard(eid, LEADERBOARD_SIZE)
        names = self.store.events.nicknames_of(eid, [pid for pid, _ in top])
        return [{"nickname": names.get(pid) or "?", "points": points} for pid, points in top]

    def players(self, eid):
        """Who is in a quiz's lobby: how many have a nickname, and up to LOBBY_NAMES of them."""
        total, pids = self.store.events.players(eid, LOBBY_NAMES)
        names = self.store.events.nicknames_of(eid, pids)
        return {"total": total, "names": sorted(filter(None, names.values()), key=str.casefold)}

    def standing(self, eid, pid, participant):
        """A phone's own quiz result: this question's points, total points, rank."""
        total, rank = self.store.polls.standing(eid, participant)
        return {"points": self.store.polls.quiz_points(eid, pid, participant), "total": total, "rank": rank}

    @staticmethod
    def standing_of(points, score, rank):
        """standing() from replies already read: points on the question, leaderboard score and
        0-based rank (None when absent)."""
        return {"points": points, "total": int(score or 0), "rank": rank + 1 if rank is not None else None}
