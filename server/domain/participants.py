"""Participants: anonymous ids made at join time, carried in a signed token."""
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

from . import Invalid, now_ms

MAX_NICKNAME = 30


class Participants:
    def __init__(self, store, secret_key):
        self.store = store
        self.signer = URLSafeSerializer(secret_key, salt="hetki-participant")

    def join(self, event, nickname=None):
        """A new participant of `event`; returns (participant id, token)."""
        nickname = (nickname or "").strip() or None
        if nickname and len(nickname) > MAX_NICKNAME:
            raise Invalid(f"A nickname has at most {MAX_NICKNAME} characters.", code="invalid_nickname")
        pid = secrets.token_urlsafe(12)
        self.store.add_participant(event["id"], pid, {"nickname": nickname, "joined_at": now_ms()})
        return pid, self.token(event["id"], pid)

    def token(self, eid, pid):
        return self.signer.dumps([eid, pid])

    def verify(self, token, eid):
        """The participant id that `token` proves for event `eid`, or None."""
        if not isinstance(token, str) or not token or len(token) > 200:
            return None
        try:
            token_eid, pid = self.signer.loads(token)
        except (BadSignature, ValueError, TypeError):
            return None
        return pid if token_eid == eid else None
