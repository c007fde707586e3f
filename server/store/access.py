"""Who an event is shared with, its one-time invitations, and the admin's accounts.

Keys (beside keys.py, which is full):
  hetki:{eid}:members            hash email -> role (editor, moderator, viewer)
  hetki:{eid}:invitations        set of the event's open invitation digests (expired ones pruned on add)
  hetki:invitation:<digest>      "eid role", expiring; GETDEL uses it once
  hetki:organizer:<email>:shared set of event ids shared with the organizer
  hetki:admins, hetki:disabled   sets of emails
"""

from .base import TopicStore, decode_hash, decode_str, text, texts
from .keys import Keys, digest

ADMINS = "hetki:admins"
DISABLED = "hetki:disabled"


def members_key(eid: str) -> str:
    return f"hetki:{{{eid}}}:members"


def invitations_key(eid: str) -> str:
    return f"hetki:{{{eid}}}:invitations"


def invitation_key(token_digest: str) -> str:
    return f"hetki:invitation:{token_digest}"


def shared_key(email: str) -> str:
    return f"hetki:organizer:{email}:shared"


class AccessStore(TopicStore):
    def members(self, eid: str) -> dict[str, str]:
        return decode_hash(self.redis.hgetall(members_key(eid)))

    def queue_members(self, pipe, eid: str) -> None:
        """Adds the members' HGETALL to a pipeline (store/grants.py checks them with the grants)."""
        pipe.hgetall(members_key(eid))

    def set_member(self, eid: str, email: str, role: str, limit: int) -> bool:
        """False when the event is shared with `limit` others already and `email` is not one of them."""
        key = members_key(eid)
        if not self.redis.hexists(key, email) and self.redis.hlen(key) >= limit:
            return False
        with self.redis.pipeline() as pipe:
            pipe.hset(key, email, role)
            pipe.sadd(shared_key(email), eid)
            pipe.execute()
        return True

    def remove_member(self, eid: str, email: str) -> bool:
        with self.redis.pipeline() as pipe:
            pipe.hdel(members_key(eid), email)
            pipe.srem(shared_key(email), eid)
            removed, _ = pipe.execute()
        return bool(removed)

    def events_of(self, email: str) -> list[str]:
        return texts(self.redis.smembers(shared_key(email)))

    def add_invitation(self, eid: str, token: str, role: str, ttl: int, limit: int) -> bool:
        listed = invitations_key(eid)
        digests = texts(self.redis.smembers(listed))
        if digests:  # forget the used and expired ones before counting
            alive = self.redis.pipeline(transaction=False)
            for d in digests:
                alive.exists(invitation_key(d))
            gone = [d for d, live in zip(digests, alive.execute(), strict=True) if not live]
            if gone:
                self.redis.srem(listed, *gone)
            if len(digests) - len(gone) >= limit:
                return False
        with self.redis.pipeline() as pipe:
            pipe.set(invitation_key(digest(token)), f"{eid} {role}", ex=ttl)
            pipe.sadd(listed, digest(token))
            pipe.expire(listed, ttl)
            pipe.execute()
        return True

    def invitation(self, token: str) -> tuple[str, str] | None:
        raw = decode_str(self.redis.get(invitation_key(digest(token))))
        return _event_and_role(raw)

    def take_invitation(self, token: str) -> tuple[str, str] | None:
        """The invitation's (event id, role), deleted in the same command: a second use finds nothing."""
        raw = decode_str(self.redis.getdel(invitation_key(digest(token))))
        return _event_and_role(raw)

    def erase_event(self, eid: str) -> None:
        members = self.members(eid)
        with self.redis.pipeline() as pipe:
            for email in members:
                pipe.srem(shared_key(email), eid)
            for d in self.redis.smembers(invitations_key(eid)):
                pipe.delete(invitation_key(text(d)))
            pipe.delete(members_key(eid), invitations_key(eid))
            pipe.execute()

    def accounts(self) -> list[str]:
        """Every organizer account: the hashes under hetki:organizer: (an admin's rare listing)."""
        found = []
        for key in self.redis.scan_iter(match="hetki:organizer:*", count=500, _type="HASH"):
            found.append(text(key)[len("hetki:organizer:") :])
        return found

    def account_exists(self, email: str) -> bool:
        return bool(self.redis.hexists(Keys.organizer(email), "password_hash"))

    def first_account(self) -> str | None:
        """The earliest account (a scan: the domain keeps what it finds)."""
        accounts = self.accounts()
        if not accounts:
            return None
        pipe = self.redis.pipeline(transaction=False)
        for email in accounts:
            pipe.hget(Keys.organizer(email), "created_at")
        made = [int(c) if c else 0 for c in pipe.execute()]
        return min(zip(made, accounts, strict=True))[1]

    def make_admin(self, email: str) -> None:
        self.redis.sadd(ADMINS, email)

    def admins(self) -> set[str]:
        """Those made admins with --admin (the first account is one without being listed)."""
        return set(texts(self.redis.smembers(ADMINS)))

    def is_admin(self, email: str) -> bool:
        return bool(self.redis.sismember(ADMINS, email))

    def disabled(self) -> set[str]:
        return set(texts(self.redis.smembers(DISABLED)))

    def is_disabled(self, email: str) -> bool:
        return bool(self.redis.sismember(DISABLED, email))

    def set_disabled(self, email: str, disabled: bool) -> None:
        if disabled:
            self.redis.sadd(DISABLED, email)
        else:
            self.redis.srem(DISABLED, email)


def _event_and_role(raw: str | None) -> tuple[str, str] | None:
    """An invitation as stored ("<event id> <role>") as a pair."""
    if not raw or " " not in raw:
        return None
    eid, role = raw.split(" ", 1)
    return eid, role
