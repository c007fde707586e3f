"""The sharing pages: accepting an invitation (signing in, or making the account, from its link)
and the admin's list of accounts. Routes on the organizer blueprint (organizer.py imports this)."""

from flask import g, redirect, render_template, request, session, url_for

from server.domain import DomainError, RateLimited
from server.domain.access import allows
from server.web.helpers import authenticate, current_organizer, organizer_page, remember_device, services
from server.web.i18n import pick_language, translator
from server.web.security import no_store

from .organizer import organizer


def _invitation_page(token, event, role, error=None, email="", status=200):
    page = render_template(
        "organizer/invitation.html",
        token=token,
        event=event,
        role=role,
        error=error and translator(pick_language())(error),  # an error code's words
        email=email,
        organizer=current_organizer(),
    )
    return page, status


@organizer.route("/invite/<token>", methods=["GET", "POST"])
@no_store
def invitation(token):
    """The page an invitation link opens: who invites to what; sign in, or make an account, and accept."""
    hetki = services()
    try:
        event, role = hetki.access.invitation(token)
    except DomainError:
        return render_template("organizer/invitation.html", token=None, event=None, role=None), 404
    if request.method == "GET":
        return _invitation_page(token, event, role)
    email = (request.form.get("email") or "")[:254]
    try:
        signed_in = _accepting_organizer(request.form.get("action"), email, request.form.get("password"))
        hetki.access.accept(token, signed_in)
    except RateLimited as exc:
        page, _ = _invitation_page(token, event, role, error="error.rate_limited", email=email)
        return page, exc.status, exc.headers
    except DomainError as exc:
        return _invitation_page(token, event, role, error=f"error.{exc.code}", email=email, status=exc.status)
    if current_organizer() != signed_in:
        session.clear()
        session["sid"] = hetki.organizers.issue_token(signed_in)
        session.permanent = True
    return remember_device(redirect(url_for("organizer.dashboard")), signed_in)


def _accepting_organizer(action, email, password):
    """Who accepts: the signed-in organizer, one who signs in, or the account made here."""
    if action == "accept" and current_organizer():
        return current_organizer()
    if action == "create":
        services().organizers.create(email, password)  # an open invitation bounds who may (one use each)
    return authenticate(email, password)


@organizer.app_template_global()
def organizer_is_admin():
    """For the top bar's link to the accounts page."""
    return services().accounts.is_admin(g.get("organizer"))


@organizer.app_template_global()
def role_allows(permission):
    """For an event page's links: whether the signed-in organizer's role on it (event_role's) allows it."""
    return allows(g.get("role") or "owner", permission)


@organizer.get("/admin/accounts")
@organizer_page
@no_store
def accounts_page():
    """The admin's list of organizer accounts, each with a Disable or Enable button (accounts.js)."""
    services().accounts.require_admin(g.organizer)
    return render_template("organizer/accounts.html", organizer=g.organizer, accounts=services().accounts.list())
