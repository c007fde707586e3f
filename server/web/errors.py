"""Every failure becomes {"error": {"code", "message"}}: a 4xx over HTTP, an ack on sockets."""

import logging

from flask import jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from redis.exceptions import RedisError
from werkzeug.exceptions import HTTPException

from ..domain import DomainError, Unavailable

log = logging.getLogger("hetki")


def wants_json():
    return request.path.startswith("/api/") or request.path == "/healthz" or not request.accept_mimetypes.accept_html


def _respond(status, code, message):
    if wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    return render_template("error.html", status=status, message=message), status


class StrictJSON(DefaultJSONProvider):
    """Request bodies as standard JSON: NaN and Infinity, or nesting deep enough to exhaust the
    parser's recursion, are malformed JSON (a 400), not values or a crash."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, parse_constant=_refuse_constant, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def init_app(app):
    app.json = StrictJSON(app)

    @app.errorhandler(DomainError)
    def domain_error(exc):
        headers = getattr(exc, "headers", None) or {}  # e.g. Retry-After of a RateLimited
        if wants_json():
            return jsonify(exc.to_dict()), exc.status, headers
        body, status = _respond(exc.status, exc.code, exc.message)
        return body, status, headers

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = (exc.name or "error").lower().replace(" ", "_")
        return _respond(exc.code, code, exc.description or exc.name)

    @app.errorhandler(RedisError)
    def redis_unavailable(exc):  # an outage: one line, and the 503 a client retries on
        log.error("%s %s: Redis does not answer (%s)", request.method, request.path, exc)
        return domain_error(Unavailable())

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _respond(500, "internal", "Something went wrong on the server.")


def error_ack(exc):
    """The Socket.IO ack for a failed event."""
    if isinstance(exc, DomainError):
        return {"ok": False, **exc.to_dict()}
    return {"ok": False, "error": {"code": "internal", "message": "Something went wrong on the server."}}
