"""The /api/v1 blueprint the resource modules share, and reading a request's JSON body."""

from flask import Blueprint, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from ...domain import Invalid
from .. import schemas

api = Blueprint("api", __name__, url_prefix="/api/v1")


def body(schema_class):
    return schemas.load(schema_class, _json_object())


def optional_body(schema_class, **route_values):
    """A JSON object body that may be left out; the route's own values (e.g. the poll id) win."""
    return schemas.load(schema_class, {**(_json_object() if request.content_length else {}), **route_values})


def large_json_object(limit, run_blocking):
    """A JSON object body of up to `limit` bytes (413 above it), parsed off the event loop."""
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"The file is larger than {limit // 1024**2} MB.")
    request.max_content_length = limit
    try:
        data = run_blocking(current_app.json.loads, request.get_data())  # StrictJSON: the app's rules
    except ValueError:
        raise Invalid("The body is not JSON.", code="validation_failed") from None
    if not isinstance(data, dict):
        raise Invalid("The body must be a JSON object.", code="validation_failed")
    return data


def _json_object():
    data = request.get_json()
    if not isinstance(data, dict):  # `null`, a list or a number is not a body with fields
        raise Invalid("The body must be a JSON object.", code="validation_failed")
    return data
