"""Organizer accounts and their bearer tokens."""

from .base import TopicStore, decode_hash, decode_str, text
from .keys import Keys, digest


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

    def save_token(self, token: str, email: str, ttl: int, now: int) -> None:
        """Stores the token's digest, and lists it under its organizer so a password reset finds it."""
        listed = Keys.organizer_tokens(email)
        with self.redis.pipeline() as pipe:
            pipe.set(Keys.token(token), email, ex=ttl)
            pipe.zremrangebyscore(listed, "-inf", now)  # expired ones, so the list stays short
            pipe.zadd(listed, {digest(token): now + ttl * 1000})
            pipe.pexpire(listed, ttl * 1000)  # every token lives ttl: the newest expires last
            pipe.execute()

    def token_owner(self, token: str) -> str | None:
        return decode_str(self.redis.get(Keys.token(token)))

    def delete_token(self, token: str) -> None:
        email = self.token_owner(token)
        with self.redis.pipeline() as pipe:
            pipe.delete(Keys.token(token))
            if email:
                pipe.zrem(Keys.organizer_tokens(email), digest(token))
            pipe.execute()

    def delete_all_tokens(self, email: str) -> int:
        """Ends every API token and web session of the organizer; how many there were."""
        listed = Keys.organizer_tokens(email)

        def delete(pipe):  # WATCHed: a token saved meanwhile restarts this, it is never missed
            digests = pipe.zrange(listed, 0, -1)
            pipe.multi()
            for token_digest in digests:
                pipe.delete(Keys.token_by_digest(text(token_digest)))
            pipe.delete(listed)
            return len(digests)

        return self.transact(delete, listed)
