"""The shape of an event's JSON export taken back whole (POST /api/v1/events/import?mode=restore):
what the export writes (server/domain/exporting.py), each field bounded. What a value means (an
answer valid for its poll, a transcript's segments) the domain checks (domain/restore.py)."""

from marshmallow import fields, validate

from ..domain.questions import STATES as QUESTION_STATES
from ..domain.reactions import STATUSES as REACTION_STATUSES
from .schemas import Base, EventImport, PollCreate

PARTICIPANT = validate.Length(min=1, max=64)
WHEN = validate.Range(min=0, max=2**53)  # ms since 1970, exact in JSON's numbers


class RestoredResponse(Base):
    participant = fields.String(required=True, validate=PARTICIPANT)
    value = fields.Raw(required=True, allow_none=False)
    answered_at = fields.Integer(strict=True, required=True, validate=WHEN)
    nickname = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    points = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(0, 1000))
    state = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["pending", "approved", "hidden"])
    )


class RestoredPoll(PollCreate):
    state = fields.String(load_default="closed", validate=validate.Length(max=20))
    revealed = fields.Boolean(load_default=False)
    opened_at = fields.Integer(strict=True, load_default=None, allow_none=True, validate=WHEN)
    responses = fields.List(fields.Nested(RestoredResponse), load_default=list)


class RestoredQuestion(Base):
    text = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    upvotes = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=10**6))
    state = fields.String(required=True, validate=validate.OneOf(QUESTION_STATES))
    highlighted = fields.Boolean(load_default=False)
    created_at = fields.Integer(strict=True, required=True, validate=WHEN)


class RestoredReaction(Base):
    participant = fields.String(required=True, validate=PARTICIPANT)
    kind = fields.String(required=True, validate=validate.OneOf(["text", "video"]))
    text = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    status = fields.String(required=True, validate=validate.OneOf(REACTION_STATUSES))
    created_at = fields.Integer(strict=True, required=True, validate=WHEN)
    consented_at = fields.Integer(strict=True, load_default=None, allow_none=True, validate=WHEN)
    duration = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0, max=3600))
    size = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=2**40))
    mime = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    width = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=8192))
    height = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=8192))
    transcript = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20_000))
    transcript_state = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    transcript_language = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=16))
    transcript_segments = fields.List(fields.Dict(), load_default=list)


class EventRestore(EventImport):
    """The JSON export of an event with its responses, Q&A and reactions."""

    polls = fields.List(fields.Nested(RestoredPoll), required=True, validate=validate.Length(max=500))
    questions = fields.List(fields.Nested(RestoredQuestion), load_default=list)
    reactions = fields.List(fields.Nested(RestoredReaction), load_default=list)
