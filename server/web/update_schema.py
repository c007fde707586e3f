"""The organizer's "you said, we did" update (PUT /api/v1/events/EID/update)."""

from marshmallow import fields, validate

from ..domain.updates import MAX_REFS, MAX_TEXT
from .schemas import ID, Base


class UpdateRef(Base):
    poll_id = fields.String(required=True, validate=ID)


class UpdateWrite(Base):
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    refs = fields.List(fields.Nested(UpdateRef), load_default=list, validate=validate.Length(max=MAX_REFS))
    follow_up_survey_id = fields.String(load_default=None, allow_none=True, validate=ID)
