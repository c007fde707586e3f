"""Socket.IO namespaces, one per role: a role's permissions are the handlers its namespace has."""

import functools
import logging

from flask import request
from redis.exceptions import RedisError
from socketio.exceptions import ConnectionRefusedError as RefusedConnection

from ...domain import DomainError, Unauthorized, Unavailable
from ...store import NotAnswering
from ...web.errors import error_ack

log = logging.getLogger("hetki.sockets")


def run_acked(event, namespace, handler, *args):
    """{ok: true, ...handler's result} or {ok: false, error}; unexpected failures are logged."""
    try:
        return {"ok": True, **(handler(*args) or {})}
    except DomainError as exc:
        return error_ack(exc)
    except NotAnswering:  # refused by the breaker (store/health.py), which logged the outage once
        return error_ack(Unavailable())
    except RedisError as exc:  # an outage: one line, and an ack the phone knows to retry
        log.error("socket event %s on %s: Redis does not answer (%s)", event, namespace, exc)
        return error_ack(Unavailable())
    except Exception:
        log.exception("socket event %s on %s failed", event, namespace)
        return error_ack(None)


def acked(handler):
    """Makes a namespace method's return an ack (see run_acked)."""

    @functools.wraps(handler)
    def wrapper(self, data=None):
        return run_acked(handler.__name__[3:], self.namespace, handler, self, data)

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

    def of(self, sid):
        try:
            return self._by_sid[sid]
        except KeyError:
            raise Unauthorized("Connect again.", code="not_connected") from None

    def current(self):
        try:
            return self._by_sid[request.sid]
        except KeyError:
            raise Unauthorized("Connect again.", code="not_connected") from None

    def drop(self):
        self._by_sid.pop(request.sid, None)

    def items(self):
        """(sid, value) of every connected socket, a snapshot."""
        return list(self._by_sid.items())


def register(socketio, services):
    from .audience import AudienceNamespace
    from .presenter import PresenterNamespace

    audience = AudienceNamespace("/audience", services)
    socketio.on_namespace(audience)
    # The hot path skips the Flask request context Flask-SocketIO builds for every event.
    socketio.server.on("vote", audience.vote_without_context, namespace="/audience")
    socketio.on_namespace(PresenterNamespace("/presenter", services))
