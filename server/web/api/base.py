"""The /api/v1 blueprint the resource modules share, and reading a request's JSON body."""

from flask import Blueprint, request

from ...domain import Invalid
from .. import schemas

api = Blueprint("api", __name__, url_prefix="/api/v1")


def body(schema_class):
    return schemas.load(schema_class, _json_object())


def optional_body(schema_class, **route_values):
    """A JSON object body that may be left out; the route's own values (e.g. the poll id) win."""
    return schemas.load(schema_class, {**(_json_object() if request.content_length else {}), **route_values})


def _json_object():
    data = request.get_json()
    if not isinstance(data, dict):  # `null`, a list or a number is not a body with fields
        raise Invalid("The body must be a JSON object.", code="validation_failed")
    return data
