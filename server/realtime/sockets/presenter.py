"""/presenter: the presenter screen opens, closes and reveals polls and hears live results."""

from flask import session
from flask_socketio import Namespace, emit, join_room
from redis.exceptions import RedisError

from ...domain import DomainError, NotFound, Unauthorized, Unavailable
from ...domain.reactions import reaction_settings
from ...web import schemas
from . import Connections, acked, refuse
from .broadcast import presenter_room
from .revocation import Revocations


class PresenterNamespace(Namespace):
    def __init__(self, namespace, services):
        """No broadcaster here: the services tell it what changed (create_app wires them)."""
        super().__init__(namespace)
        self.services = services
        self.connections = Connections()  # sid -> grant: (event id, presenter key, organizer token)
        self.revocations = Revocations(self, services.store)

    def _authorize(self, auth):
        """The grant (event id, presenter key, organizer token) of a presenter key, organizer token
        or web session; the one not used is None."""
        data = schemas.load(schemas.PresenterAuth, auth if isinstance(auth, dict) else {})
        if data["key"]:
            return self.services.events.by_presenter_key(data["key"])["id"], data["key"], None
        organizers = self.services.organizers
        token = organizer = None
        for token in (data["token"], session.get("sid")):
            organizer = organizers.email_for_token(token)
            if organizer:
                break
        if not organizer:
            raise Unauthorized("Sign in or use the presenter link.", code="unauthorized")
        if not data["event_id"]:
            raise NotFound("No such event.", code="event_not_found")
        return self.services.access.event_for(organizer, data["event_id"], "moderate")[0]["id"], None, token

    def on_connect(self, auth=None):
        """A presenter screen connects; it alone hears `state`, then the latest `results`, how many
        joined (`participants`, then from the broadcaster's tick) and whether reactions are open, and
        `access_revoked` before it is disconnected when its grant goes (sockets/revocation.py)."""
        try:
            grant = self._authorize(auth)
            state = self.services.presenter_state(grant[0])
            joined = self.services.store.events.participant_count(grant[0])
            reactions = reaction_settings(self.services.events.get(grant[0]))
        except DomainError as exc:
            raise refuse(exc) from None
        except RedisError:  # refused with a code the screen retries on, not left hanging
            raise refuse(Unavailable()) from None
        eid = grant[0]
        self.connections.add(grant)
        self.revocations.watch()
        join_room(presenter_room(eid))
        emit("state", state)
        if state["results"]:
            emit("results", {**state["results"], "seq": 0})
        emit("participants", {"count": joined})
        emit("reactions", reactions)

    def on_disconnect(self, reason=None):
        self.connections.drop()

    def _event_id(self, permission="edit"):
        """The connection's event, checking that its grant was not revoked since and that its role
        allows `permission` (domain/access.py: a moderator moderates, an editor runs the screen)."""
        grant = self.connections.current()
        self.revocations.check(grant, permission)
        return grant[0]

    @acked
    def on_open(self, data):
        """The presenter makes a poll live; every phone and presenter screen hears `poll`."""
        eid = self._event_id()
        poll, _ = self.services.polls.open(eid, schemas.load(schemas.PollAction, data)["poll_id"])
        return {"poll": poll}

    @acked
    def on_lobby(self, data):
        """The presenter opens a quiz's lobby (no clock yet); every phone and presenter screen hears `poll`."""
        eid = self._event_id()
        poll, _ = self.services.polls.lobby(eid, schemas.load(schemas.PollAction, data)["poll_id"])
        return {"poll": poll}

    @acked
    def on_close(self, data):
        """The presenter ends voting; every phone and presenter screen hears `poll`."""
        eid = self._event_id()
        poll = self.services.polls.close(eid, schemas.load(schemas.PollAction, data)["poll_id"])
        return {"poll": poll}

    @acked
    def on_reveal(self, data):
        """The presenter shows or hides results on phones; phones hear `poll` and `results`."""
        eid = self._event_id()
        action = schemas.load(schemas.Reveal, data)
        poll = self.services.polls.reveal(eid, action["poll_id"], action["revealed"])
        return {"poll": poll}

    @acked
    def on_wall_page(self, data):
        """The presenter screen's wall asks for a page of approved answers; the ack carries it."""
        eid = self._event_id("moderate")
        page = schemas.load(schemas.WallPage, data)
        return {"page": self.services.results.wall_page(eid, page["poll_id"], page["start"], page["count"])}

    @acked
    def on_sync(self, data):
        """The presenter screen asks for the whole state again (the ack carries it)."""
        return {"state": self.services.presenter_state(self._event_id("moderate"))}

    @acked
    def on_moderate(self, data):
        """The presenter moderates a question, an open answer or a word cloud; rooms hear the change."""
        eid = self._event_id("moderate")
        self.services.moderate(eid, schemas.load(schemas.Moderate, data))
        return {}

    @acked
    def on_reset(self, data):
        """The presenter (after confirming) forgets a poll's votes; everyone hears `poll` again."""
        eid = self._event_id()
        poll = self.services.polls.reset(eid, schemas.load(schemas.Reset, data)["poll_id"])
        return {"poll": poll}

    @acked
    def on_settings(self, data):
        """The presenter turns moderation on or off for the event."""
        eid = self._event_id("moderate")
        self.services.events.update_settings(eid, schemas.load(schemas.PresenterSettings, data))
        return {}

    @acked
    def on_draw_surveys(self, data):
        """The screen's Draw control asks which surveys it may draw among (the ack carries them)."""
        return {"surveys": self.services.surveys.list(self._event_id())}

    @acked
    def on_draw(self, data):
        """The presenter draws a survey's thank-you winner; every screen and phone hears `draw`."""
        eid = self._event_id()
        action = schemas.load(schemas.SocketDraw, data)
        survey = self.services.surveys.get(eid, action["survey_id"])  # only this event's
        return {"draw": self.services.draws.draw(survey, action["seed"])}

    @acked
    def on_screen(self, data):
        """The remote hides or shows the results on the event's screens (the screen's B key, from a
        phone); every other presenter socket of the event hears `screen`."""
        eid = self._event_id()
        action = schemas.load(schemas.ScreenResults, data)
        emit("screen", action, to=presenter_room(eid), include_self=False)
        return {}
