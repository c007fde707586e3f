"""What an event's download holds: a small head (event, polls with results, Q&A) read at once, and
the responses read in batches, so an export of any size needs memory for one batch only."""

from . import poll_types
from .events import event_settings, public_event
from .reactions import public_reaction
from .transcripts import segments_of
from .updates import organizer_view

BATCH = 1000


class EventExport:
    def __init__(self, store, events, polls, results, questions, images=None):
        self.store = store
        self.images = images
        self.events = events
        self.polls = polls
        self.results = results
        self.questions = questions

    def head(self, eid):
        """{event, polls: [{…poll, number, results, headline}], questions, reactions, update}."""
        event = self.events.get(eid)
        polls = []
        for number, poll in enumerate(self.polls.list(eid), start=1):
            results = self.results.of_poll(poll)
            polls.append(
                {**poll, "number": number, "results": results, "headline": self.results.headline(poll, results)}
            )
        return {
            "event": {**public_event(event), "created_at": event["created_at"], "settings": event_settings(event)},
            "polls": polls,
            "questions": self.questions.for_presenter(eid),
            "reactions": [
                {**public_reaction(r), "participant": r["participant"], "transcript_segments": segments_of(r)}
                for r in self.store.reactions.all(eid)
            ],
            "update": organizer_view(update) if (update := self.store.updates.get(eid)) else None,
        }

    def responses(self, eid, poll, batch=BATCH):
        """Batches of one poll's responses, each in answer order: {participant, value, answered_at},
        with nickname and points on a quiz's (the nickname is asked for the quiz's leaderboard, so it
        stays with the quiz's answers) and the moderation state on a moderated type's answers."""
        kind = poll_types.get(poll["type"])
        quiz, states = kind.has_points, self._answer_states(eid, poll) if kind.moderated_answers else None
        for ballots in self.store.polls.scan_votes(eid, poll["id"], batch):
            ballots.sort(key=lambda item: item[1].at_ms)
            participants = [participant for participant, _ in ballots]
            names = self.store.events.nicknames_of(eid, participants) if quiz else {}
            points = self.store.polls.points_of(eid, poll["id"], participants) if quiz else {}
            yield [
                {
                    "participant": participant,
                    "value": ballot.value,
                    "answered_at": ballot.at_ms,
                    **({"nickname": names.get(participant), "points": points.get(participant) or 0} if quiz else {}),
                    **({"state": states[0].get(ballot.vote_id, states[1])} if states else {}),
                }
                for participant, ballot in ballots
            ]

    def _answer_states(self, eid, poll):
        """({answer id: state} of the answers a presenter approved or hid, the state of the rest), as
        Results.newest_answers reads them for the wall (only answers acted on are in the hash)."""
        moderation, _ = self.store.polls.newest_answers(eid, poll["id"], 1)
        return self.store.polls.moderation(eid, poll["id"]), "pending" if moderation in (None, "1") else "approved"

    def image_files(self, polls):
        """(id, bytes) of each image the polls' options show, one at a time (read off the event loop)."""
        seen = set()
        for poll in polls:
            for image in poll_types.images_of(poll["options"]):
                data = None if image in seen else self.images.read(poll["event_id"], image)
                seen.add(image)
                if data is not None:
                    yield image, data
