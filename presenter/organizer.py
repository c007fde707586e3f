"""The organizer's pages: sign-in, the dashboard of their events, and an event's reactions gallery."""

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from server.domain import DomainError, RateLimited
from server.web import authenticate, organizer_page, owns_event, services

organizer = Blueprint(
    "organizer",
    __name__,
    template_folder="templates",
    static_folder="static/organizer",
    static_url_path="/static/organizer",
)


@organizer.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            email = authenticate(request.form.get("email"), request.form.get("password"))
        except RateLimited as exc:
            page = render_template("organizer/login.html", error="rate_limited")
            return page, exc.status, exc.headers
        except DomainError:
            error = True
        else:
            session.clear()
            session["sid"] = services().organizers.issue_token(email)
            session.permanent = True
            return redirect(url_for("organizer.dashboard"))
    return render_template("organizer/login.html", error=error), 401 if error else 200


@organizer.post("/logout")
def logout():
    services().organizers.revoke_token(session.get("sid"))
    session.clear()
    return redirect(url_for("organizer.login"))


@organizer.get("/organizer")
@organizer_page
def dashboard():
    return render_template("organizer/dashboard.html", organizer=g.organizer)


@organizer.get("/events/<eid>/reactions")
@organizer_page
@owns_event
def reactions_gallery(event):
    """The organizer's gallery of an event's video and text reactions."""
    return render_template("organizer/reactions.html", organizer=g.organizer, event=event)
