"""Participation after (or during) an event: who joined, who answered each poll, how fast."""

import statistics
from collections import Counter

from . import poll_types
from .results import ANSWER_STATES


class Summary:
    def __init__(self, store, polls, results):
        self.store = store
        self.polls = polls
        self.results = results

    def of_event(self, event):
        """{participants, join_bursts, polls: [{poll_id, answered, median_answer_ms, headline, ...}], questions,
        reactions}."""
        eid = event["id"]
        participants = self.store.events.participant_count(eid)
        polls, previous, responded = [], None, set()
        for poll in self.polls.list(eid):
            results = self.results.of_poll(poll)
            ballots = self.ballots(poll)
            responded.update(ballots)
            answered = results["total"]
            polls.append(
                {
                    "poll_id": poll["id"],
                    "type": poll["type"],
                    "question": poll["question"],
                    "state": poll["state"],
                    "answered": answered,
                    "answered_share": round(100 * answered / participants) if participants else None,
                    # the funnel: of those who answered the poll before, how many answered this one
                    "kept_share": round(100 * answered / previous) if previous else None,
                    "median_answer_ms": self.median_answer_ms(poll, ballots),
                    "headline": self.results.headline(poll, results),
                    "results": results,
                    **self.answer_states(poll),
                }
            )
            previous = answered or previous
        questions = self.store.questions.all(eid)
        reactions = self.store.reactions.all(eid)
        return {
            "participants": participants,
            "responded": len(responded),  # participants who answered at least one poll
            # many new participants from one address in a minute: a hall behind one NAT, or a script
            "join_bursts": self.store.joins.bursts(eid),
            "polls": polls,
            "questions": {
                "count": len(questions),
                "upvotes": sum(q["upvotes"] for q in questions),
                "answered": sum(q["state"] == "answered" for q in questions),
            },
            "reactions": {
                "count": len(reactions),
                "videos": sum(r["kind"] == "video" for r in reactions),
                "approved": sum(r["status"] == "approved" for r in reactions),
            },
        }

    def answer_states(self, poll):
        """For an open poll, how many answers are approved, pending and hidden: {answer_states: {...}}."""
        if not poll_types.get(poll["type"]).moderated_answers:
            return {}
        states = Counter(answer["state"] for answer in self.results.answers(poll))
        return {"answer_states": {state: states[state] for state in ANSWER_STATES}}

    def ballots(self, poll):
        """{participant: ballot} of a poll that has been opened (one that never was has none)."""
        return self.store.polls.votes(poll["event_id"], poll["id"]) if poll["opened_at"] else {}

    @staticmethod
    def median_answer_ms(poll, ballots):
        """Median time from the poll's opening to each participant's (last) answer; None before any."""
        if not poll["opened_at"]:
            return None
        delays = [ballot.at_ms - poll["opened_at"] for ballot in ballots.values() if ballot.at_ms >= poll["opened_at"]]
        return round(statistics.median(delays)) if delays else None
