"""Pages that belong to no role: the start page and the health check."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from redis.exceptions import RedisError

from ..domain.events import normalize_code
from .helpers import services

pages = Blueprint("pages", __name__)


@pages.get("/")
def home():
    return render_template("home.html")


@pages.get("/join")
def join_by_code():
    """The start page's form: a typed code leads to the attendee page."""
    code = normalize_code(request.args.get("code"))
    if not code:
        return render_template("home.html", bad_code=True), 404
    return redirect(url_for("audience.join_page", code=code))


@pages.get("/healthz")
def healthz():
    try:
        services().store.ping()
    except (RedisError, OSError):
        return jsonify({"error": {"code": "redis_unavailable", "message": "Redis does not answer."}}), 503
    # What this process runs and holds (patches, connections): the runtime's to say, wired by create_app.
    return jsonify({"status": "ok", **current_app.extensions["hetki_process_health"]()})
