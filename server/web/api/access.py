"""/api/v1: sharing an event (invitations, members and their roles) and the admin's accounts."""

from flask import g, jsonify
from marshmallow import fields, validate

from ...domain.access import SHARED_ROLES
from ...domain.credentials import normalize_email
from .. import schemas
from ..helpers import event_role, organizer_required, public_base_url, services
from .base import api, body


class RoleChoice(schemas.Base):
    role = fields.String(required=True, validate=validate.OneOf(SHARED_ROLES))


class AccountChange(schemas.Base):
    disabled = fields.Boolean(required=True)


def invitation_url(token):
    return f"{public_base_url()}/invite/{token}"


def _member(email):
    """The address in a route, normalized; an invalid one names nobody."""
    return normalize_email(email) or ""


@api.post("/events/<eid>/invitations")
@organizer_required
@event_role("own")
def invite(event):
    """A one-time link that gives its first user `role` on the event; the owner copies it."""
    invitation = services().access.invite(event, body(RoleChoice)["role"])
    return jsonify({**invitation, "url": invitation_url(invitation.pop("token"))}), 201


@api.get("/events/<eid>/access")
@organizer_required
@event_role("view")
def list_access(event):
    return jsonify({"access": services().access.members(event)})


@api.put("/events/<eid>/access/<email>")
@organizer_required
@event_role("own")
def change_role(event, email):
    """Changes a member's role; their open sockets follow at their next action or sweep."""
    services().access.set_role(event, _member(email), body(RoleChoice)["role"])
    return jsonify({"access": services().access.members(event)})


@api.delete("/events/<eid>/access/<email>")
@organizer_required
@event_role("own")
def remove_access(event, email):
    """Removes a member; their open sockets are cut within a second (sockets/revocation.py)."""
    services().access.remove(event, _member(email))
    return "", 204


@api.get("/invitations/<token>")
def invitation(token):
    """What an invitation offers, for the page that accepts it (no sign-in needed to look)."""
    event, role = services().access.invitation(token)
    return jsonify({"event": {"title": event["title"]}, "role": role})


@api.post("/invitations/<token>/accept")
@organizer_required
def accept_invitation(token):
    event = services().access.accept(token, g.organizer)
    return jsonify({"event_id": event["id"], "role": services().access.role(event, g.organizer)})


@api.get("/accounts")
@organizer_required
def list_accounts():
    hetki = services()
    hetki.accounts.require_admin(g.organizer)
    return jsonify({"accounts": hetki.accounts.list()})


@api.patch("/accounts/<email>")
@organizer_required
def change_account(email):
    """An admin disables (signing it out everywhere) or enables an account."""
    hetki = services()
    hetki.accounts.require_admin(g.organizer)
    hetki.accounts.set_disabled(g.organizer, _member(email), body(AccountChange)["disabled"])
    return jsonify({"accounts": hetki.accounts.list()})
