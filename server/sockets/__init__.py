"""Socket.IO namespaces, one per role: a role's permissions are the handlers its namespace has."""
import functools
import logging

from flask import request
from socketio.exceptions import ConnectionRefusedError as RefusedConnection

from ..domain import DomainError, Unauthorized
from ..errors import error_ack

log = logging.getLogger("hetki.sockets")


def acked(handler):
    """Turns a handler's return into {ok: true, ...} and any failure into {ok: false, error}."""
    @functools.wraps(handler)
    def wrapper(self, data=None):
        try:
            return {"ok": True, **(handler(self, data) or {})}
        except DomainError as exc:
            return error_ack(exc)
        except Exception:
            log.exception("socket event %s on %s failed", handler.__name__, self.namespace)
            return error_ack(None)
    return wrapper


def refuse(exc):
    """A refused connection: connect_error gets {message, data: {code, message}}."""
    error = error_ack(exc)["error"]
    return RefusedConnection(error["message"], error)


class Connections:
    """What each connected socket of this process is (event, participant or presenter)."""

    def __init__(self):
        self._by_sid = {}

    def add(self, value):
        self._by_sid[request.sid] = value

    def current(self):
        try:
            return self._by_sid[request.sid]
        except KeyError:
            raise Unauthorized("Connect again.", code="not_connected") from None

    def drop(self):
        self._by_sid.pop(request.sid, None)

    def __len__(self):
        return len(self._by_sid)


def register(socketio, services, broadcaster):
    from .audience import AudienceNamespace
    from .presenter import PresenterNamespace
    socketio.on_namespace(AudienceNamespace("/audience", services, broadcaster))
    socketio.on_namespace(PresenterNamespace("/presenter", services, broadcaster))
