"""The organizer's pages: sign-in, the list of their events, an event's poll editor, settings and reactions."""

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from server.domain import DomainError, RateLimited, poll_types
from server.domain.polls import MAX_QUESTION
from server.web import report, schemas
from server.web.helpers import authenticate, event_role, event_view, organizer_page, remember_device, services
from server.web.i18n import speak_the_events_language
from server.web.security import no_store

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
    typed = (request.form.get("email") or "")[:254]  # kept in the form after a wrong password
    if request.method == "POST":
        try:
            email = authenticate(request.form.get("email"), request.form.get("password"))
        except RateLimited as exc:
            page = render_template("organizer/login.html", error="rate_limited", email=typed)
            return page, exc.status, exc.headers
        except DomainError:
            error = True
        else:
            session.clear()
            session["sid"] = services().organizers.issue_token(email)
            session.permanent = True
            return remember_device(redirect(url_for("organizer.dashboard")), email)
    return render_template("organizer/login.html", error=error, email=typed), 401 if error else 200


@organizer.post("/logout")
def logout():
    services().organizers.revoke_token(session.get("sid"))
    session.clear()
    return redirect(url_for("organizer.login"))


@organizer.get("/organizer")
@organizer_page
def dashboard():
    return render_template("organizer/dashboard.html", organizer=g.organizer)


@organizer.get("/events/<eid>")
@organizer_page
@event_role("edit")
def event_page(event):
    """The poll editor: add, edit, copy, delete and order an event's polls."""
    editor = {
        "types": poll_types.editor_types(),
        "max_options": poll_types.MAX_OPTIONS,
        "max_option_text": poll_types.MAX_OPTION_TEXT,
        "max_question": MAX_QUESTION,
    }
    return render_template("organizer/event.html", organizer=g.organizer, event=event, editor=editor, tab="polls")


@organizer.get("/events/<eid>/settings")
@organizer_page
@event_role("edit")
def event_settings_page(event):
    """Title, the attendees' language, results, moderation, reactions; join, QR and presenter links."""
    fields = schemas.EventSettings().fields
    bounds = {name: fields[name].validators[0] for name in ("title", "reaction_limit", "retention_days")}
    return render_template(
        "organizer/settings.html", organizer=g.organizer, event=event_view(event), bounds=bounds, tab="settings"
    )


@organizer.get("/events/<eid>/reactions")
@organizer_page
@event_role("view")
def reactions_gallery(event):
    """The organizer's gallery of an event's video and text reactions."""
    return render_template("organizer/reactions.html", organizer=g.organizer, event=event)


@organizer.get("/events/<eid>/results")
@no_store
def results_page(eid):
    """An event's results, live for its organizer; with a one-time report token, the page the PDF prints."""
    token = request.args.get("report")
    if token:
        return report.page_for_token(token, eid, lambda event: _results(event, printing=True))
    return _organizer_results(eid=eid)


@organizer_page
@event_role("results")
def _organizer_results(event):
    return _results(event, printing=request.args.get("print") == "1")


def _results(event, printing):
    speak_the_events_language(event)  # a page for the client: the event's language
    return render_template(
        "organizer/results.html",
        organizer=g.get("organizer"),
        event=event,
        data=report.page_data(event, printing),
        printing=printing,
        print_title=report.print_title(event),
        tab="results",
    )


from presenter import access_pages  # noqa: E402, F401 (adds the invitation and accounts pages to `organizer`)
