"""Participants: anonymous ids made at join time, carried in a signed token; optional nicknames."""

from itsdangerous import BadSignature, URLSafeSerializer

from . import Conflict, Invalid, NotFound, new_id, now_ms, text

MAX_NICKNAME = 30


def event_gone():
    """An event erased while one of its phones writes: the write stores nothing."""
    return NotFound("No such event.", code="event_not_found")


class Participants:
    def __init__(self, store, secret_key):
        self.store = store
        self.signer = URLSafeSerializer(secret_key, salt="hetki-participant")

    def join(self, event, nickname=None):
        """A new participant of `event`; returns (participant id, token)."""
        pid = new_id(12)
        nickname = self._claim(event["id"], pid, nickname) if nickname else None
        self._save(event["id"], pid, {"nickname": nickname, "joined_at": now_ms()})
        return pid, self.token(event["id"], pid)

    def set_nickname(self, eid, pid, nickname):
        """Gives the participant a nickname unique in the event (case-insensitive), clean of profanity."""
        record = self.store.events.participant(eid, pid) or {"joined_at": now_ms()}
        nickname = self._claim(eid, pid, nickname)
        old = record.get("nickname")
        if old and old.casefold() != nickname.casefold():
            self.store.events.release_nickname(eid, old.casefold())
        self._save(eid, pid, {**record, "nickname": nickname})
        live = self.store.polls.live_id(eid)
        if live:  # a quiz lobby on the screen lists who is in: its next results carry the name
            self.store.polls.changed(eid, live)
        return nickname

    def _save(self, eid, pid, record):
        if not self.store.events.add_participant(eid, pid, record):
            raise event_gone()

    def nickname(self, eid, pid):
        record = self.store.events.participant(eid, pid)
        return record.get("nickname") if record else None

    def _claim(self, eid, pid, nickname):
        nickname = " ".join(text.clean_text(nickname or "").split())
        if not 0 < len(nickname) <= MAX_NICKNAME:
            raise Invalid(f"A nickname has 1 to {MAX_NICKNAME} characters.", code="invalid_nickname")
        if text.PROFANITY.is_profane(nickname):
            raise Invalid("Please choose another nickname.", code="nickname_refused")
        claimed = self.store.events.claim_nickname(eid, nickname.casefold(), pid)
        if claimed < 0:
            raise event_gone()
        if not claimed:
            raise Conflict("Someone already has that nickname.", code="nickname_taken")
        return nickname

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
