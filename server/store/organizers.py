"""Organizer accounts and their bearer tokens."""

from .base import TopicStore, decode_hash, decode_str
from .keys import Keys


class OrganizerStore(TopicStore):
    def add(self, email: str, password_hash: str, now: int) -> bool:
        """False when the organizer exists already."""
        if not self.redis.hsetnx(Keys.organizer(email), "password_hash", password_hash):
            return False
        self.redis.hset(Keys.organizer(email), mapping={"email": email, "created_at": now})
        return True

    def set_password(self, email: str, password_hash: str) -> None:
        self.redis.hset(Keys.organizer(email), mapping={"email": email, "password_hash": password_hash})

    def get(self, email: str) -> dict | None:
        raw = self.redis.hgetall(Keys.organizer(email))
        return decode_hash(raw) if raw else None

    def save_token(self, token: str, email: str, ttl: int) -> None:
        self.redis.set(Keys.token(token), email, ex=ttl)

    def token_owner(self, token: str) -> str | None:
        return decode_str(self.redis.get(Keys.token(token)))
