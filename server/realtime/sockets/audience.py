"""/audience: phones join an event, vote and resync."""

from flask import request
from flask_socketio import Namespace, emit, join_room
from redis.exceptions import RedisError

from ...domain import DomainError, NotFound, Unauthorized, Unavailable
from ...web import schemas
from ...web.helpers import PARTICIPANT_COOKIE
from . import Connections, acked, refuse, run_acked
from .broadcast import audience_room


class AudienceNamespace(Namespace):
    def __init__(self, namespace, services):
        super().__init__(namespace)
        self.services = services
        self.connections = Connections()

    def on_connect(self, auth=None):
        """A phone connects with {code, participant}; it alone hears `state`."""
        try:
            data = schemas.load(schemas.AudienceAuth, auth if isinstance(auth, dict) else {})
            eid = self.services.events.id_by_code(data["code"])
            token = data["participant"] or request.cookies.get(PARTICIPANT_COOKIE.format(eid))
            participant = self.services.participants.verify(token, eid)
            if not participant:
                raise Unauthorized("Join the event first.", code="participant_required")
            # In the room before the state is read, so no change made after the read is missed.
            self.connections.add((eid, participant))
            join_room(audience_room(eid))
            state = self.services.audience_state(eid, participant)  # also finds a deleted event
        except DomainError as exc:
            self.connections.drop()
            raise refuse(exc) from None
        except RedisError:  # refused with a code the phone retries on, not left hanging
            self.connections.drop()
            raise refuse(Unavailable()) from None
        # This phone is connected to this process: no need to go round the message queue.
        emit("state", state, ignore_queue=True)

    def on_disconnect(self, reason=None):
        self.connections.drop()

    def vote_without_context(self, sid, data=None):
        """A phone votes (the hot path, without a Flask request context); the ack goes back to it,
        the presenter hears coalesced `results`."""
        return run_acked("vote", self.namespace, self._vote, sid, data)

    def _vote(self, sid, data):
        eid, participant = self.connections.of(sid)
        vote = schemas.load(schemas.SocketVote, data)
        outcome = self.services.votes.cast(eid, vote["poll_id"], participant, vote["value"], vote["client_vote_id"])
        return {"outcome": outcome}

    @acked
    def on_sync(self, data):
        """A phone asks for the whole state again; only it hears the answer (the ack)."""
        eid, participant = self.connections.current()
        return {"state": self.services.audience_state(eid, participant)}

    @acked
    def on_question(self, data):
        """A phone asks a question; presenters (and, once approved, phones) hear `questions`."""
        eid, participant = self.connections.current()
        question = schemas.load(schemas.Question, data)
        self.services.limits.hit("question", eid, participant)
        event = self.services.events.get(eid)
        qid = self.services.questions.ask(event, participant, question["text"], question["name"], question["anonymous"])
        return {"question_id": qid}

    @acked
    def on_upvote(self, data):
        """A phone upvotes a question once; everyone hears the new order in `questions`."""
        eid, participant = self.connections.current()
        qid = schemas.load(schemas.Upvote, data)["question_id"]
        return {"upvotes": self.services.questions.upvote(eid, qid, participant)}

    @acked
    def on_survey_progress(self, data):
        """A phone is on question `position` of a survey; only it hears the ack."""
        eid, participant = self.connections.current()
        asked = schemas.load(schemas.SocketSurveyProgress, data)
        self.services.surveys.progress(eid, asked["survey_id"], participant, asked["position"])
        return {"ok": True}

    @acked
    def on_survey_finish(self, data):
        """A phone finished a survey; only it hears the ack, with its ticket (kept once given)."""
        eid, participant = self.connections.current()
        survey_id = schemas.load(schemas.SocketSurveyFinish, data)["survey_id"]
        progress = self.services.surveys.progress(eid, survey_id, participant, None)
        return {"ok": True, "finished_at": progress["finished_at"], "ticket": progress["ticket"]}

    @acked
    def on_nickname(self, data):
        """A phone picks its nickname (needed for quiz leaderboards); only it hears the ack."""
        eid, participant = self.connections.current()
        nickname = schemas.load(schemas.Nickname, data)["nickname"]
        self.services.limits.hit("nickname", eid, participant)
        return {"nickname": self.services.participants.set_nickname(eid, participant, nickname)}

    @acked
    def on_draw_outcome(self, data):
        """A phone that heard `draw` asks whether its ticket won; only it hears the ack."""
        eid, participant = self.connections.current()
        asked = schemas.load(schemas.DrawOutcome, data)
        outcome = self.services.draws.outcome(eid, asked["survey_id"], asked["draw_id"], participant)
        if outcome is None:
            raise NotFound("No such draw.", code="draw_not_found")
        return {"outcome": outcome}
