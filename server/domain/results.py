"""Results of a poll, computed from its counts by its type; open-answer moderation; the quiz leaderboard."""

from . import Invalid, poll_types
from .events import decode_event

LEADERBOARD_SIZE = 10
ANSWER_STATES = ("approved", "hidden", "pending")


class Results:
    def __init__(self, store, polls):
        self.store = store
        self.polls = polls

    def of(self, eid, pid):
        return self.of_poll(self.polls.get(eid, pid))

    def of_poll(self, poll):
        counts, total = self.store.polls.tally(poll["event_id"], poll["id"])
        return self.of_tally(poll, counts, total)

    def of_tally(self, poll, counts, total):
        kind = poll_types.get(poll["type"])
        results = {"poll_id": poll["id"], "type": poll["type"], "total": total, "counts": kind.public_counts(counts)}
        results.update(kind.metrics(poll, counts, total))
        if poll["type"] == "open":
            results["answers"] = [a["text"] for a in self.answers(poll) if a["state"] == "approved"]
        if poll["type"] == "quiz":
            results["leaderboard"] = self.leaderboard(poll["event_id"])
        return results

    @staticmethod
    def headline(poll, results):
        return poll_types.get(poll["type"]).headline(poll, results)

    # open answers
    def answers(self, poll):
        """Every answer of an open poll, oldest first, with its moderation state."""
        eid = poll["event_id"]
        raw_event = self.store.events.get(eid)
        moderated = decode_event(raw_event)["moderation"] if raw_event else True
        states = self.store.polls.moderation(eid, poll["id"])
        records = sorted(self.store.polls.votes(eid, poll["id"]).values(), key=lambda r: r["t"])
        default = "pending" if moderated else "approved"
        return [{"id": r["c"], "text": r["v"], "state": states.get(r["c"], default)} for r in records]

    def moderate_answer(self, eid, pid, answer_id, state):
        poll = self.polls.get(eid, pid)
        if poll["type"] != "open":
            raise Invalid("Only open answers are moderated.", code="not_moderated")
        if state not in ANSWER_STATES:
            raise Invalid("Approve or hide an answer.", code="invalid_action")
        if not any(a["id"] == answer_id for a in self.answers(poll)):
            raise Invalid("No such answer.", code="answer_not_found")
        self.store.polls.moderate_answer(eid, pid, answer_id, state)

    # quiz
    def leaderboard(self, eid):
        top = self.store.polls.leaderboard(eid, LEADERBOARD_SIZE)
        names = self.store.events.nicknames_of(eid, [pid for pid, _ in top])
        return [{"nickname": names.get(pid) or "?", "points": points} for pid, points in top]

    def standing(self, eid, pid, participant):
        """A phone's own quiz result: this question's points, total points, rank."""
        total, rank = self.store.polls.standing(eid, participant)
        return {"points": self.store.polls.quiz_points(eid, pid, participant), "total": total, "rank": rank}

    @staticmethod
    def standing_of(points, score, rank):
        """standing() from replies already read: points on the question, leaderboard score and
        0-based rank (None when absent)."""
        return {"points": points, "total": int(score or 0), "rank": rank + 1 if rank is not None else None}
