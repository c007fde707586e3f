"""Who may do what with an event: its owner, and the organizers it is shared with as editor,
moderator or viewer; one-time invitations; the admin's accounts.

The roles are not a ladder (a moderator sees no results, a viewer moderates nothing), so what each
may do is one table of permissions, the only place any route or socket action asks."""

import secrets

from . import Forbidden, Invalid, NotFound, Unauthorized, now_ms

SHARED_ROLES = ("editor", "moderator", "viewer")
ROLES = ("owner", *SHARED_ROLES)
PERMISSIONS = {
    "view": {"owner", "editor", "moderator", "viewer"},  # the event, its polls, its reactions
    "own": {"owner"},  # sharing, erasing, the presenter link
    "edit": {"owner", "editor"},  # polls, settings, running the screen
    "moderate": {"owner", "editor", "moderator"},  # the moderation console and Q&A
    "results": {"owner", "editor", "viewer"},  # results and exports
}
MAX_MEMBERS = 50  # organizers an event is shared with
MAX_INVITATIONS = 20  # open invitations per event
INVITATION_SECONDS = 7 * 24 * 3600


def allows(role, permission):
    return role in PERMISSIONS[permission]


def role_of(event, email, members):
    """The role of `email` on `event` given its members {email: role}; None for a stranger."""
    if email and event["owner"] == email:
        return "owner"
    return members.get(email) if email else None


def check_role(role):
    if role not in SHARED_ROLES:
        raise Invalid("Choose editor, moderator or viewer.", code="invalid_role", fields={"role": "invalid"})
    return role


class Access:
    def __init__(self, store, events, organizers, notifier=None):
        self.store = store
        self.events = events
        self.organizers = organizers
        self.notifier = notifier

    def role(self, event, email):
        return role_of(event, email, self.store.access.members(event["id"]))

    def event_for(self, email, eid, permission):
        """The event and the organizer's role on it when the role has `permission`: a stranger is told
        the event is missing (nothing leaks), a member without the permission is Forbidden."""
        event = self.events.get(eid)
        role = self.role(event, email)
        if role is None:
            raise NotFound("No such event.", code="event_not_found")
        if not allows(role, permission):
            raise Forbidden("Your role on this event does not allow this.", code="role_forbidden")
        return event, role

    def members(self, event):
        """Who has access: the owner first, then the members by address."""
        shared = sorted(self.store.access.members(event["id"]).items())
        return [{"email": event["owner"], "role": "owner"}] + [{"email": e, "role": r} for e, r in shared]

    def shared_events(self, email):
        """(event, role) of each event shared with `email`, newest first."""
        found = []
        for eid in self.store.access.events_of(email):
            event = self.events.find(eid)
            role = event and self.role(event, email)
            if role and role != "owner":
                found.append((event, role))
        return sorted(found, key=lambda pair: -pair[0]["created_at"])

    def invite(self, event, role):
        """A one-time invitation token for `role`, valid INVITATION_SECONDS."""
        check_role(role)
        token = secrets.token_urlsafe(24)
        if not self.store.access.add_invitation(event["id"], token, role, INVITATION_SECONDS, MAX_INVITATIONS):
            raise Invalid(
                f"At most {MAX_INVITATIONS} open invitations per event.", code="too_many_invitations", status=429
            )
        return {"token": token, "role": role, "expires_at": now_ms() + INVITATION_SECONDS * 1000}

    def invitation(self, token):
        """(event, role) of an open invitation, without using it."""
        found = self.store.access.invitation(token) if isinstance(token, str) and token else None
        event = found and self.events.find(found[0])
        if not event or found is None:
            raise NotFound("This invitation was used, expired or withdrawn.", code="invitation_invalid")
        return event, found[1]

    def accept(self, token, email):
        """Uses the invitation once: `email` gets its role (never lowering an owner)."""
        taken = self.store.access.take_invitation(token) if isinstance(token, str) and token else None
        event = taken and self.events.find(taken[0])
        if not event or taken is None:
            raise NotFound("This invitation was used, expired or withdrawn.", code="invitation_invalid")
        if event["owner"] != email:
            self._grant(event, email, taken[1])
        return event

    def set_role(self, event, email, role):
        """Changes a member's role; only an invitation, which its invitee accepts, adds a member."""
        check_role(role)
        if email == event["owner"]:
            raise Invalid("The owner's role does not change.", code="owner_role")
        if email not in self.store.access.members(event["id"]):
            raise NotFound("That organizer has no access to this event.", code="member_not_found")
        self._grant(event, email, role)

    def _grant(self, event, email, role):
        if not self.store.access.set_member(event["id"], email, role, MAX_MEMBERS):
            raise Invalid(f"An event is shared with at most {MAX_MEMBERS} organizers.", code="too_many_members")

    def remove(self, event, email):
        if not self.store.access.remove_member(event["id"], email):
            raise NotFound("That organizer has no access to this event.", code="member_not_found")

    def erase(self, eid):
        self.store.access.erase_event(eid)


class Accounts:
    """The admin's view of organizer accounts: the first account, or one made with --admin."""

    def __init__(self, store, organizers):
        self.store = store
        self.organizers = organizers
        self._first = None  # found by one scan, then kept: no later account is ever earlier

    def first_account(self):
        if self._first is None or not self.store.access.account_exists(self._first):  # none yet, or data restored
            self._first = self.store.access.first_account()
        return self._first

    def is_admin(self, email):
        return bool(email) and (email == self.first_account() or self.store.access.is_admin(email))

    def require_admin(self, email):
        if not self.is_admin(email):
            raise Forbidden("Only an admin may do this.", code="admin_only")

    def list(self):
        admins, disabled = self.store.access.admins() | {self.first_account()}, self.store.access.disabled()
        return [
            {"email": e, "admin": e in admins, "disabled": e in disabled} for e in sorted(self.store.access.accounts())
        ]

    def set_disabled(self, admin, email, disabled):
        if email == admin:
            raise Invalid("An admin does not disable their own account.", code="self_disable")
        if not self.store.access.account_exists(email):
            raise NotFound("No such account.", code="account_not_found")
        self.store.access.set_disabled(email, disabled)
        if disabled:
            self.store.organizers.delete_all_tokens(email)  # its sessions and open screens end now

    def check_enabled(self, email):
        if email and self.store.access.is_disabled(email):
            raise Unauthorized("This account is disabled.", code="account_disabled")
