"""The organizer's pages (sign-in, dashboard, reactions gallery) and the presenter screen."""
from flask import Blueprint, redirect, render_template, request, session, url_for

from server.domain import DomainError
from server.web import current_organizer, event_links, services

presenter = Blueprint("presenter", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/static/presenter")


@presenter.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            email = services().organizers.authenticate(request.form.get("email"), request.form.get("password"))
        except DomainError:
            error = True
        else:
            session.clear()
            session["organizer"] = email
            session.permanent = True
            return redirect(url_for("presenter.dashboard"))
    return render_template("presenter/login.html", error=error), 401 if error else 200


@presenter.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("presenter.login"))


@presenter.get("/organizer")
def dashboard():
    organizer = current_organizer()
    if not organizer:
        return redirect(url_for("presenter.login"))
    return render_template("presenter/dashboard.html", organizer=organizer)


def _screen(event, auth):
    links = event_links(event)
    return render_template("presenter/screen.html", event=event, auth=auth,
                           join_url=links["join_url"], qr_url=f"/j/{event['code']}/qr.svg")


@presenter.get("/p/<key>")
def screen_by_key(key):
    """The secret presenter link: this event's screen without a login."""
    event = services().events.by_presenter_key(key)
    return _screen(event, {"key": key})


@presenter.get("/events/<eid>/present")
def screen_for_organizer(eid):
    organizer = current_organizer()
    if not organizer:
        return redirect(url_for("presenter.login"))
    event = services().events.owned(organizer, eid)
    return _screen(event, {"event_id": event["id"]})


@presenter.get("/events/<eid>/reactions")
def reactions_gallery(eid):
    """The organizer's gallery of an event's video and text reactions."""
    organizer = current_organizer()
    if not organizer:
        return redirect(url_for("presenter.login"))
    event = services().events.owned(organizer, eid)
    return render_template("presenter/reactions.html", organizer=organizer, event=event)
