"""Domain services: plain Python over the Store, no Flask, no concurrency model (what they need of
either is handed in). They raise DomainError subclasses (errors.py, re-exported here)."""

import re
import secrets
import time

from .errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    StorageFull,
    Unauthorized,
    Unavailable,
)

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "RateLimited",
    "StorageFull",
    "Unauthorized",
    "Unavailable",
    "new_id",
    "now_ms",
    "valid_id",
]

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def now_ms() -> int:
    return int(time.time() * 1000)


def new_id(nbytes: int) -> str:
    """A random URL-safe id that does not start with "-": ids land in exports, and a CSV cell
    starting like a formula is escaped (a leading `'`), which would make the same participant read
    differently in the CSV than in the XLSX and JSON of the same event."""
    while True:
        value = secrets.token_urlsafe(nbytes)
        if not value.startswith("-"):
            return value


def valid_id(value) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.match(value))
