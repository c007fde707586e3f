"""/presenter: the presenter screen opens, closes and reveals polls and hears live results."""

from flask import session
from flask_socketio import Namespace, emit, join_room
from redis.exceptions import RedisError

from .. import schemas
from ..domain import DomainError, NotFound, Unauthorized, Unavailable
from . import Connections, acked, refuse
from .broadcast import presenter_room


class PresenterNamespace(Namespace):
    def __init__(self, namespace, services, broadcaster):
        super().__init__(namespace)
        self.services = services
        self.broadcaster = broadcaster
        self.connections = Connections()

    def _authorize(self, auth):
        """(event id, presenter key or None) for an organizer token, web session or presenter key."""
        data = schemas.load(schemas.PresenterAuth, auth if isinstance(auth, dict) else {})
        if data["key"]:
            return self.services.events.by_presenter_key(data["key"])["id"], data["key"]
        organizers = self.services.organizers
        organizer = organizers.email_for_token(data["token"]) or organizers.email_for_token(session.get("sid"))
        if not organizer:
            raise Unauthorized("Sign in or use the presenter link.", code="unauthorized")
        if not data["event_id"]:
            raise NotFound("No such event.", code="event_not_found")
        return self.services.events.owned(organizer, data["event_id"])["id"], None

    def on_connect(self, auth=None):
        """A presenter screen connects; it alone hears `state` and then the latest `results`."""
        try:
            eid, key = self._authorize(auth)
        except DomainError as exc:
            raise refuse(exc) from None
        except RedisError:  # refused with a code the screen retries on, not left hanging
            raise refuse(Unavailable()) from None
        self.connections.add((eid, key))
        join_room(presenter_room(eid))
        state = self.services.presenter_state(eid)
        emit("state", state)
        if state["results"]:
            emit("results", {**state["results"], "seq": 0})

    def on_disconnect(self, reason=None):
        self.connections.drop()

    def _event_id(self):
        """The connection's event, checking that a presenter link was not revoked since."""
        eid, key = self.connections.current()
        if key and self.services.store.events.id_for_presenter_key(key) != eid:
            raise Unauthorized("This presenter link was revoked.", code="presenter_key_invalid")
        return eid

    @acked
    def on_open(self, data):
        """The presenter makes a poll live; every phone and presenter screen hears `poll`."""
        eid = self._event_id()
        poll, _ = self.services.polls.open(eid, schemas.load(schemas.PollAction, data)["poll_id"])
        self.broadcaster.poll_changed(eid)
        return {"poll": poll}

    @acked
    def on_close(self, data):
        """The presenter ends voting; every phone and presenter screen hears `poll`."""
        eid = self._event_id()
        poll = self.services.polls.close(eid, schemas.load(schemas.PollAction, data)["poll_id"])
        self.broadcaster.poll_changed(eid)
        return {"poll": poll}

    @acked
    def on_reveal(self, data):
        """The presenter shows or hides results on phones; phones hear `poll` and `results`."""
        eid = self._event_id()
        action = schemas.load(schemas.Reveal, data)
        poll = self.services.polls.reveal(eid, action["poll_id"], action["revealed"])
        self.broadcaster.poll_changed(eid)
        return {"poll": poll}

    @acked
    def on_sync(self, data):
        """The presenter screen asks for the whole state again (the ack carries it)."""
        return {"state": self.services.presenter_state(self._event_id())}

    @acked
    def on_moderate(self, data):
        """The presenter moderates a question, an open answer or a word cloud; rooms hear the change."""
        eid = self._event_id()
        action = schemas.load(schemas.Moderate, data)
        self.services.moderate(eid, action)
        if action["action"] in ("show_profanity", "hide_profanity"):
            self.broadcaster.poll_changed(eid)  # every presenter screen shows the same toggle
        return {}

    @acked
    def on_reset(self, data):
        """The presenter (after confirming) forgets a poll's votes; everyone hears `poll` again."""
        eid = self._event_id()
        poll = self.services.polls.reset(eid, schemas.load(schemas.Reset, data)["poll_id"])
        self.broadcaster.poll_changed(eid)
        return {"poll": poll}

    @acked
    def on_settings(self, data):
        """The presenter turns moderation on or off for the event."""
        eid = self._event_id()
        self.services.events.update_settings(eid, schemas.load(schemas.PresenterSettings, data))
        self.broadcaster.questions_changed(eid)
        self.broadcaster.poll_changed(eid)  # approved open answers depend on moderation
        return {}
