"""A presenter socket lives only as long as the credential it was opened with.

A rotated presenter link, an organizer's sign-out or password reset, an erased event: every
privileged event checks the socket's grant again, and each process sweeps its own presenter
sockets every CHECK_SECONDS (one round trip for all of them), telling a screen that lost its grant
`access_revoked` and disconnecting it. Polling the grants rather than publishing revocations
means a change made by any process, by the CLI (a reset), or by a token's expiry reaches every
screen without a message between processes. An organizer's socket also holds only while their role
on the event lets them on the socket (domain/access.py): removing a co-organizer cuts theirs.
"""

import logging

from ...domain import Forbidden, NotFound, Unauthorized
from ...domain.access import allows, role_of

log = logging.getLogger("hetki.sockets")
CHECK_SECONDS = 0.25  # a revoked screen is gone within a second, even on a busy loop


SOCKET_PERMISSION = "moderate"  # who may hold a presenter socket at all: owner, editor, moderator


def role_held(signed_in):
    """The role of a token's organizer from (email, owner, members) as grants.check reads them."""
    email, owner, members = signed_in
    return role_of({"owner": owner}, email, members)


def refusal(grant, event_exists, credential_holds, signed_in=None, permission=SOCKET_PERMISSION):
    """The error a socket with this grant gets, or None while the grant holds (for `permission`)."""
    if not event_exists:
        return NotFound("This event was deleted.", code="event_not_found")
    if not credential_holds:
        if grant[1]:
            return Unauthorized("This presenter link was revoked.", code="presenter_key_invalid")
        return Unauthorized("Sign in again.", code="signed_out")
    if signed_in is None:  # a presenter link opens everything on the screen
        return None
    role = role_held(signed_in)
    if not allows(role, SOCKET_PERMISSION):
        return Unauthorized("Your access to this event was removed.", code="access_removed")
    if not allows(role, permission):
        return Forbidden("Your role on this event does not allow this.", code="role_forbidden")
    return None


class Revocations:
    def __init__(self, namespace, store):
        self.namespace = namespace  # a Namespace with its `connections` of (eid, key, token)
        self.store = store
        self._task = None

    def check(self, grant, permission=SOCKET_PERMISSION):
        """Raises the refusal of a grant that no longer holds, or does not allow `permission`."""
        error = refusal(grant, *self.store.grants.check([grant])[0], permission=permission)
        if error:
            raise error

    def watch(self):
        """Starts this process's sweep (once)."""
        if self._task is None:
            self._task = self.namespace.socketio.start_background_task(self._run)

    def _run(self):
        failing = False
        while True:
            self.namespace.socketio.sleep(CHECK_SECONDS)
            try:
                self.sweep()
            except Exception:
                if not failing:  # during an outage one traceback, not four a second
                    log.exception("presenter grant check failed; retrying")
                failing = True
            else:
                failing = False

    def sweep(self):
        connected = self.namespace.connections.items()
        if not connected:
            return
        checked = self.store.grants.check([grant for _, grant in connected])
        for (sid, grant), result in zip(connected, checked, strict=True):
            error = refusal(grant, *result)
            if error:
                self._revoke(sid, error)

    def _revoke(self, sid, error):
        socketio, namespace = self.namespace.socketio, self.namespace.namespace
        # Both straight to this process's socket, in order: the screen hears why, then goes.
        socketio.emit("access_revoked", error.to_dict()["error"], to=sid, namespace=namespace, ignore_queue=True)
        socketio.server.disconnect(sid, namespace=namespace, ignore_queue=True)
