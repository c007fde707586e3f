"""The images of poll options: organizers upload them (POST, the raw file as the body), phones and
screens fetch them by their content-derived id, which never changes, so they are cached for a year."""

from flask import Blueprint, current_app, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from ...domain import NotFound
from ..helpers import event_role, organizer_required, services
from .base import api

images = Blueprint("images", __name__)
YEAR_SECONDS = 365 * 24 * 3600


@api.post("/events/<eid>/images")
@organizer_required
@event_role("edit")
def upload_image(event):
    """A PNG, JPEG or WebP for a poll option → 201 {image, src, width, height}; stored re-encoded."""
    image = services().images.accept(event["id"], uploaded_image())
    return jsonify(image), 201


def uploaded_image():
    """The request's raw body, at most IMAGE_UPLOAD_BYTES (413 before reading a larger one)."""
    limit = current_app.config["HETKI"].IMAGE_UPLOAD_BYTES
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"An image may be at most {limit // 1024**2} MB.")
    request.max_content_length = limit
    return request.get_data()


@images.get("/images/<eid>/<image>.webp")
def image_file(eid, image):
    path = services().images.path(eid, image)
    if path is None:
        raise NotFound("No such image.", code="image_not_found")
    response = send_file(path, mimetype="image/webp", conditional=True, max_age=YEAR_SECONDS)
    response.headers["Cache-Control"] = f"public, max-age={YEAR_SECONDS}, immutable"
    return response
