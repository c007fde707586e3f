"""Events: creation with a join code and a presenter key, ownership, erasure."""

import base64
import hashlib
import hmac
import secrets

from . import Invalid, NotFound, new_id, now_ms, valid_id
from .brand import checked_accent
from .notifier import Notifier

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 6  # a made code's; an organizer may choose one of 4-12 (custom_code)
CUSTOM_CODE_MIN, CUSTOM_CODE_MAX = 4, 12


def presenter_key_for(secret_key, eid, nonce):
    """The event's presenter key, made again from SECRET_KEY whenever it is shown: Redis keeps only
    its nonce and its SHA-256, so a copy of the AOF opens no presenter screen."""
    mac = hmac.new(secret_key.encode(), f"hetki-presenter-key:{eid}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode()  # 192 bits, 32 characters


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code):
    """An attendee's typed code, upper-cased, or None when it cannot be a code."""
    code = (code or "").strip().upper() if isinstance(code, str) else ""
    if CUSTOM_CODE_MIN <= len(code) <= CUSTOM_CODE_MAX and all(c in CODE_ALPHABET for c in code):
        return code
    return None


def custom_code(value):
    """An organizer's chosen join code, upper-cased; Invalid invalid_code unless it could be typed."""
    code = normalize_code(value)
    if code is None:
        raise Invalid(
            f"A join code is {CUSTOM_CODE_MIN}-{CUSTOM_CODE_MAX} letters and digits, without 0, O, 1, I or L "
            "(they look alike on a projector).",
            code="invalid_code",
        )
    return code


DEFAULT_REACTION_LIMIT_SECONDS = 60
DEFAULT_RETENTION_DAYS = 30
# New participants a minute from one client address: a hall of 3,000 phones behind one NAT all get
# in; an organizer whose audience is not behind one address can set it far lower.
DEFAULT_JOIN_LIMIT = 3000


SETTING_NAMES = (
    "moderate_questions",
    "moderate_answers",
    "reaction_limit",
    "retention_days",
    "language",
    "second_language",
    "show_results",
    "join_limit",
    "accent_color",
)
MODERATION_NAMES = ("moderate_questions", "moderate_answers")


def decode_event(raw):
    """An event as stored (all strings) with its fields typed; the one place that reads them."""
    event = _decode(raw)
    event["moderation"] = event["moderate_questions"] or event["moderate_answers"]  # the older one choice
    return event


def _decode(raw):
    return {
        "id": raw["id"],
        "code": raw["code"],
        "title": raw["title"],
        "owner": raw["owner"],
        "created_at": int(raw["created_at"]),
        "presenter_key": raw.get("presenter_key"),  # plain only in events made before keys were hashed
        "presenter_nonce": raw.get("presenter_nonce"),
        "presenter_key_digest": raw["presenter_key_digest"],
        "live_poll": raw.get("live_poll") or None,
        # The stored `moderation` field is the answers' choice (lua/answers_window.lua reads it);
        # `moderate_questions` came later, so an event without it keeps the one choice for both.
        "moderate_answers": raw.get("moderation", "1") == "1",
        "moderate_questions": raw.get("moderate_questions", raw.get("moderation", "1")) == "1",
        "reactions_open": raw.get("reactions_open") == "1",
        "reaction_limit": int(raw.get("reaction_limit") or DEFAULT_REACTION_LIMIT_SECONDS),
        "retention_days": int(raw.get("retention_days") or DEFAULT_RETENTION_DAYS),
        "language": raw.get("language") or "browser",  # the attendees' language: fi, en, or their browser's
        "second_language": raw.get("second_language") or None,  # a bilingual event's other: each phone picks
        "show_results": raw.get("show_results") == "1",  # polls open with results shown on phones
        "join_limit": int(raw.get("join_limit") or DEFAULT_JOIN_LIMIT),
        "started_at": int(raw.get("started_at") or 0) or None,  # when its first poll opened
        "archived": raw.get("archived") == "1",  # hidden from the events list until asked for
        "previous_event_id": raw.get("previous_event_id") or None,  # the edition before this one
        "accent_color": raw.get("accent_color") or None,  # the brand's, checked by domain/brand.py
        "logo": raw.get("logo") or None,  # an image id of the event's (media/images.py)
    }


def event_settings(event):
    """The settings an organizer chooses, as the API shows them and a copy of the event takes them;
    `moderation`, the one choice of older versions, is true while either kind is moderated."""
    return {"moderation": event["moderation"], **{name: event[name] for name in SETTING_NAMES}}


def moderation_view(event):
    """What the presenter, moderator and phones know of the event's moderation."""
    return {"questions": event["moderate_questions"], "answers": event["moderate_answers"]}


def event_state(event, live_poll_open):
    """draft until a poll has been opened, live while one is open, then ended."""
    if live_poll_open:
        return "live"
    return "ended" if event["started_at"] else "draft"


def public_event(event):
    return {"id": event["id"], "code": event["code"], "title": event["title"]}


def moderation_fields(changes):
    """The stored fields for a change of moderation: `moderation` (the older API's one choice)
    sets both, and `moderate_questions` / `moderate_answers` given beside it win."""
    chosen = {name: changes["moderation"] for name in MODERATION_NAMES} if "moderation" in changes else {}
    chosen.update({name: changes[name] for name in MODERATION_NAMES if name in changes})
    stored = {"moderate_answers": "moderation", "moderate_questions": "moderate_questions"}
    return {stored[name]: "1" if on else "0" for name, on in chosen.items()}


class Events:
    def __init__(self, store, secret_key, notifier=None):
        self.store = store
        self.secret_key = secret_key
        self.notifier = notifier or Notifier()

    def create(self, owner, title):
        eid = new_id(9)
        code = new_code()
        while not self.store.events.claim_code(code, eid):
            code = new_code()
        nonce = secrets.token_urlsafe(12)
        event = {
            "id": eid,
            "code": code,
            "title": title,
            "owner": owner,
            "created_at": now_ms(),
            "presenter_nonce": nonce,
        }
        self.store.events.create(event, presenter_key_for(self.secret_key, eid, nonce))
        return self.get(eid)

    def find(self, eid):
        """The event, or None when it does not exist (any more)."""
        raw = self.store.events.get(eid) if valid_id(eid) else None
        if not raw:
            return None
        event = decode_event(raw)
        if event["presenter_key"] is None:  # an older event's plain key works until it is rotated
            event["presenter_key"] = presenter_key_for(self.secret_key, eid, event["presenter_nonce"])
        return event

    def get(self, eid):
        event = self.find(eid)
        if not event:
            raise NotFound("No such event.", code="event_not_found")
        return event

    def owned(self, owner, eid):
        """The event when `owner` owns it; someone else's event is reported as missing."""
        event = self.get(eid)
        if event["owner"] != owner:
            raise NotFound("No such event.", code="event_not_found")
        return event

    def list_owned(self, owner):
        events = (self.find(eid) for eid in reversed(self.store.events.ids_of(owner)))
        return [e for e in events if e]

    def by_code(self, code):
        return self.get(self.id_by_code(code))

    def id_by_code(self, code):
        """The id of the event with join code `code` (one round trip: the event itself is not read)."""
        code = normalize_code(code)
        eid = self.store.events.id_for_code(code) if code else None
        if not eid:
            raise NotFound("No event has that code.", code="event_not_found")
        return eid

    def by_presenter_key(self, key):
        eid = self.store.events.id_for_presenter_key(key) if isinstance(key, str) and key else None
        if not eid:
            raise NotFound("This presenter link is not valid.", code="presenter_key_invalid")
        return self.get(eid)

    def rotate_presenter_key(self, eid):
        nonce = secrets.token_urlsafe(12)
        self.store.events.replace_presenter_key(eid, presenter_key_for(self.secret_key, eid, nonce), nonce)
        self.notifier.presenter_key_revoked(eid)
        return self.get(eid)

    def update_settings(self, eid, changes):
        fields = {}
        if "accent_color" in changes:
            fields["accent_color"] = checked_accent(changes["accent_color"])
        if "title" in changes:
            fields["title"] = changes["title"].strip()
        fields.update(moderation_fields(changes))
        if "moderation" in fields and "moderate_questions" not in fields:  # else it would follow the answers'
            fields["moderate_questions"] = "1" if self.get(eid)["moderate_questions"] else "0"
        for name in ("show_results", "archived"):
            if name in changes:
                fields[name] = "1" if changes[name] else "0"
        for name in ("reaction_limit", "retention_days", "language", "join_limit"):
            if name in changes:
                fields[name] = changes[name]
        if "second_language" in changes:
            fields["second_language"] = changes["second_language"] or ""
        if "previous_event_id" in changes:
            fields["previous_event_id"] = self.previous_edition(eid, changes["previous_event_id"])
        if "code" in changes:  # after every other check: a refused change takes no code
            self.change_code(self.get(eid), changes["code"])
        if fields:
            self.store.events.update(eid, fields)
        self.notifier.questions_changed(eid)  # moderation decides what phones see of both
        self.notifier.poll_changed(eid)
        return self.get(eid)

    def change_code(self, event, value):
        """Claims a chosen join code for the event and frees its old one. Invalid invalid_code;
        code_taken (409) when another event holds it."""
        code = custom_code(value)
        if code != event["code"] and not self.store.events.change_code(event["id"], event["code"], code):
            raise Invalid("Another event has that code. Choose another.", code="code_taken", status=409)

    def set_logo(self, eid, image_id):
        """The event's logo, an image id of its own (None: none); False when the event is gone."""
        return self.store.events.update(eid, {"logo": image_id or ""})

    def previous_edition(self, eid, previous):
        """The stored link to the edition before `eid`: "" for none, else the id of another event of
        the same organizer whose own chain of editions does not lead back to `eid`."""
        if previous is None:
            return ""
        refused = Invalid("Choose another of your events as the previous edition.", code="invalid_previous_event")
        owner = self.get(eid)["owner"]
        seen, current = {eid}, self.find(previous)
        if not current or current["owner"] != owner:
            raise refused
        while current:
            if current["id"] in seen:
                raise refused  # itself, or a cycle through it
            seen.add(current["id"])
            current = current["previous_event_id"] and self.find(current["previous_event_id"])
        return previous

    def delete(self, event):
        self.store.events.delete(event, self.store.polls.ids(event["id"]))
        self.notifier.event_deleted(event["id"])
