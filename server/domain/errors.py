"""Every expected failure, with a stable code and an HTTP status (the web layer turns them into JSON,
the sockets into acks). A leaf: it imports nothing of Hetki's, so every layer may import it."""


class DomainError(Exception):
    """An expected failure with a stable code and an HTTP status."""

    status = 400
    code = "bad_request"
    message = "The request could not be processed."

    def __init__(self, message=None, code=None, status=None, fields=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.status = status or self.status
        self.fields = fields

    def to_dict(self):
        error = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class NotFound(DomainError):
    status, code, message = 404, "not_found", "Not found."


class Unauthorized(DomainError):
    status, code, message = 401, "unauthorized", "Sign in first."


class Forbidden(DomainError):
    status, code, message = 403, "forbidden", "Not allowed."


class Invalid(DomainError):
    status, code, message = 422, "invalid", "Some values are not valid."


class Conflict(DomainError):
    status, code, message = 409, "conflict", "That is not possible in the current state."


class StorageFull(DomainError):
    """The disk (or quota) under MEDIA_DIR has no room: the upload is dropped, voting goes on."""

    status, code, message = 507, "storage_full", "The server has no room for this file right now."


class Unavailable(DomainError):
    """Redis does not answer (down or restarting): worth trying again in a moment."""

    status, code, message = 503, "redis_unavailable", "The server's database does not answer."


class RateLimited(DomainError):
    """Too many attempts in a window; `retry_after` seconds until the next one is taken."""

    status, code, message = 429, "rate_limited", "Too many attempts. Wait a moment and try again."

    def __init__(self, retry_after, message=None):
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}

    def to_dict(self):
        body = super().to_dict()
        body["error"]["retry_after"] = self.retry_after
        return body


class NotAVideo(ValueError):
    """The file is not a WebM or MP4 with a video stream we can read (raised by media/video.py,
    caught by the domain, which says which reading failed)."""


class TooCostly(NotAVideo):
    """Reading the file would take more frames or time than a phone's clip ever needs."""
