"""Marshmallow schemas for every input that crosses a boundary."""

import functools

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates_schema

from ..domain import Invalid, poll_types
from ..domain.credentials import MAX_PASSWORD, normalize_email
from .i18n import languages

ID = validate.Regexp(r"^[A-Za-z0-9_-]{1,64}$", error="Must be 1-64 characters of A-Z, a-z, 0-9, _ or -.")


class Base(Schema):
    class Meta:
        unknown = EXCLUDE


def _language(value):
    """A registered language, or "browser": each attendee's own."""
    choices = [*languages().codes, "browser"]
    if value not in choices:
        raise ValidationError(f"Must be one of: {', '.join(choices)}.")


def _spoken(value):
    """A registered language (not "browser")."""
    if value not in languages():
        raise ValidationError(f"Must be one of: {', '.join(languages().codes)}.")


def _email(value):
    if normalize_email(value) is None:
        raise ValidationError("Not a valid email address.")


class TokenRequest(Base):
    email = fields.String(required=True, validate=_email)
    password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_PASSWORD))


class EventCreate(Base):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))


class PollCreate(Base):
    type = fields.String(required=True, validate=validate.OneOf(sorted(poll_types.REGISTRY)))
    question = fields.String(required=True, validate=validate.Length(min=1, max=300))
    options = fields.List(fields.Raw(), load_default=None, validate=validate.Length(max=30))
    settings = fields.Dict(keys=fields.String(), load_default=None)


class Join(Base):
    nickname = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=30))


class Vote(Base):
    value = fields.Raw(required=True, allow_none=False)
    client_vote_id = fields.String(required=True, validate=ID)


class SocketVote(Vote):
    poll_id = fields.String(required=True, validate=ID)


class PollAction(Base):
    poll_id = fields.String(required=True, validate=ID)


class WallPage(PollAction):
    start = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=1_000_000))
    count = fields.Integer(strict=True, load_default=20, validate=validate.Range(min=1, max=60))


class Reveal(PollAction):
    revealed = fields.Boolean(load_default=True)


class Question(Base):
    text = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    anonymous = fields.Boolean(load_default=False)


class Upvote(Base):
    question_id = fields.String(required=True, validate=ID)


class Nickname(Base):
    nickname = fields.String(required=True, validate=validate.Length(min=1, max=200))


class Moderate(Base):
    """What the presenter moderates: a question, an open answer, or a word cloud's profanity."""

    action = fields.String(
        required=True,
        validate=validate.OneOf(
            [
                *("approve", "approve_all", "hide", "answer", "reopen", "highlight", "unhighlight"),
                *("show_profanity", "hide_profanity"),
            ]
        ),
    )
    question_id = fields.String(load_default=None, validate=ID)
    poll_id = fields.String(load_default=None, validate=ID)
    answer_id = fields.String(load_default=None, validate=ID)


class Reset(PollAction):
    confirm = fields.Boolean(required=True, validate=validate.Equal(True, error="Confirm the reset."))


class Draw(Base):
    """A thank-you draw (domain/draws.py checks the seed is hexadecimal: invalid_seed)."""

    seed = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class SocketDraw(Draw):
    survey_id = fields.String(required=True, validate=ID)


class DrawOutcome(Base):
    survey_id = fields.String(required=True, validate=ID)
    draw_id = fields.String(required=True, validate=ID)


class SurveyCreate(Base):
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    poll_ids = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(min=1, max=50))
    invite_reactions = fields.Boolean(load_default=False)


class SurveyEdit(Base):
    title = fields.String(validate=validate.Length(min=1, max=120))
    poll_ids = fields.List(fields.String(validate=ID), validate=validate.Length(min=1, max=50))
    invite_reactions = fields.Boolean()


class SurveyOpen(Base):
    closes_at = fields.Integer(strict=True, required=True, validate=validate.Range(min=0, max=2**53))


class SurveyTemplate(Base):
    template = fields.String(required=True, validate=validate.OneOf(["post_event_feedback"]))
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=120))


class SurveyProgress(Base):
    position = fields.Integer(strict=True, required=True, validate=validate.Range(min=0, max=49))


class SocketSurveyProgress(SurveyProgress):
    survey_id = fields.String(required=True, validate=ID)


class SocketSurveyFinish(Base):
    survey_id = fields.String(required=True, validate=ID)


class EventSettings(Base):
    title = fields.String(validate=validate.Length(min=1, max=200))
    moderation = fields.Boolean()  # the older one choice: sets both below
    moderate_questions = fields.Boolean()
    moderate_answers = fields.Boolean()
    reaction_limit = fields.Integer(strict=True, validate=validate.Range(min=15, max=120))
    retention_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=3650))
    language = fields.String(validate=_language)
    second_language = fields.String(allow_none=True, validate=lambda v: v == "" or _spoken(v))
    languages = fields.List(
        fields.String(validate=_spoken), validate=validate.Length(min=1, max=2)
    )  # [primary, second]
    show_results = fields.Boolean()
    join_limit = fields.Integer(strict=True, validate=validate.Range(min=1, max=100_000))
    archived = fields.Boolean()  # hidden in the events list behind "Show archived"
    previous_event_id = fields.String(allow_none=True, validate=ID)  # the edition before (comparison)
    accent_color = fields.String(allow_none=True, validate=validate.Length(max=16))  # domain/brand.py checks it
    code = fields.String(validate=validate.Length(max=32))  # a chosen join code: domain/events.custom_code

    @post_load
    def _bilingual(self, data, **kwargs):
        """`languages: [primary, second]` is language + second_language; each phone picks one."""
        if "languages" in data:
            data["language"], data["second_language"] = [*data.pop("languages"), ""][:2]
        if data.get("second_language") and data["second_language"] == data.get("language"):
            raise ValidationError("The second language must differ from the first.", "second_language")
        return data


class ImportedSettings(EventSettings):
    """An export's event settings; the title comes with the export's event (and no archive flag)."""

    class Meta:
        exclude = ("title", "archived", "previous_event_id", "code")
        unknown = EXCLUDE


class PollEdit(Base):
    question = fields.String(validate=validate.Length(min=1, max=300))
    options = fields.List(fields.Raw(), load_default=None, validate=validate.Length(max=30))
    settings = fields.Dict(keys=fields.String(), load_default=None)


class PollOrder(Base):
    poll_ids = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(max=500))


class ImportedEventHead(Base):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    settings = fields.Dict(keys=fields.String(), load_default=None)


class EventImport(Base):
    """The JSON export of an event (responses in it are ignored)."""

    event = fields.Nested(ImportedEventHead, required=True)
    polls = fields.List(fields.Nested(PollCreate), required=True, validate=validate.Length(max=500))
    images = fields.Dict(  # the options' images, base64 (checked like uploads when used)
        keys=fields.String(validate=validate.Regexp(r"^[0-9a-f]{32}$")),
        values=fields.String(),
        load_default=dict,
        validate=validate.Length(max=1000),
    )


class ScreenResults(Base):
    """The remote asks the event's screens to hide (or show) their results."""

    results_hidden = fields.Boolean(required=True)


class PresenterSettings(Base):
    """What a presenter link may change: a speaker does not edit the event itself."""

    moderation = fields.Boolean()
    moderate_questions = fields.Boolean()
    moderate_answers = fields.Boolean()

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Say moderation, moderate_questions or moderate_answers.")


class ReactionUpload(Base):
    consent = fields.String(load_default="false", validate=validate.OneOf(["true", "false", "on", ""]))
    text = fields.String(load_default="", validate=validate.Length(max=5000))


class ReactionStatus(Base):
    status = fields.String(required=True, validate=validate.OneOf(["pending", "approved", "rejected"]))


class AudienceAuth(Base):
    code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    participant = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class PresenterAuth(Base):
    key = fields.String(load_default=None, validate=validate.Length(max=100))
    token = fields.String(load_default=None, validate=validate.Length(max=100))
    event_id = fields.String(load_default=None, validate=ID)


@functools.cache
def _schema(schema_class):
    return schema_class()


MAX_DEPTH = 16  # deeper than any input we take; stops recursion in marshmallow and the domain


def _check_shape(data):
    """Refuses input no schema should meet: text that is not valid Unicode (a lone surrogate from a
    JSON escape such as "\\ud800", which Redis could not store) and absurd nesting."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise Invalid("Text must be valid Unicode.", code="validation_failed") from None
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise Invalid("The input is nested too deeply.", code="validation_failed")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


def load(schema_class, data):
    """Validated data, or Invalid carrying the field messages."""
    _check_shape(data)
    try:
        return _schema(schema_class).load(data if data is not None else {})
    except ValidationError as exc:
        raise Invalid("Some values are not valid.", code="validation_failed", fields=exc.messages) from None
