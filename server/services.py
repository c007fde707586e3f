"""The domain services of one app, built over one Store."""
from .domain.events import Events, public_event
from .domain.organizers import Organizers
from .domain.participants import Participants
from .domain.polls import Polls, public_poll
from .domain.results import Results
from .domain.votes import Votes


class Services:
    def __init__(self, store, config):
        self.store = store
        self.organizers = Organizers(store, config.TOKEN_TTL_SECONDS, config.PASSWORD_HASH_METHOD)
        self.events = Events(store)
        self.polls = Polls(store)
        self.votes = Votes(store, self.polls)
        self.results = Results(store, self.polls)
        self.participants = Participants(store, config.SECRET_KEY)

    def audience_state(self, eid, participant):
        """What a phone needs to draw the event: event, live poll, own vote, revealed results."""
        event = self.events.get(eid)
        poll = self.polls.live(eid)
        state = {"event": public_event(event), "poll": None, "vote": None, "results": None}
        if poll:
            state["poll"] = public_poll(poll)
            state["vote"] = self.votes.vote_of(eid, poll["id"], participant)
            if poll["revealed"]:
                state["results"] = self.results.of_poll(poll)
        return state

    def presenter_state(self, eid):
        """What the presenter screen needs: the event, every poll, the live one and its results."""
        event = self.events.get(eid)
        poll = self.polls.live(eid)
        return {"event": {**public_event(event), "join_path": f"/j/{event['code']}"},
                "polls": self.polls.list(eid), "poll": poll, "vote": None,
                "results": self.results.of_poll(poll) if poll else None}
