"""Issue 20, item 1: the owner's removal of a co-organizer, or a change of their role, reaches their
open presenter and moderator sockets at once: a removed editor's screen is told `access_revoked`
and disconnected within a second, on whichever process it is connected to."""

import time

from tests.helpers.api import sign_in
from tests.helpers.clients import PresenterScreen
from tests.helpers.processes import wait_until

WITHIN_SECONDS = 1.0  # the "at once", as for a rotated presenter link


def share(owner, member, eid, role):
    invite = owner.call("POST", f"/api/v1/events/{eid}/invitations", json={"role": role})
    assert invite.status == 201, invite.body
    token = invite.body["url"].rsplit("/invite/", 1)[1]
    accepted = member.call("POST", f"/api/v1/invitations/{token}/accept")
    assert accepted.status == 200, accepted.body


def screen_of(server, member, eid):
    screen = PresenterScreen(server.url, {"token": member.token, "event_id": eid})
    screen.gone_at = None
    screen.sio.on("disconnect", lambda *a: setattr(screen, "gone_at", time.monotonic()), namespace="/presenter")
    screen.connect().wait_for("state")
    return screen


def test_a_removed_editors_open_screen_is_cut_within_a_second(live_server, live_organizer, hetki):
    editor = sign_in(live_server.http(), hetki, "eve@example.org")
    eid = live_organizer.event()["id"]
    poll = live_organizer.poll(eid)
    share(live_organizer, editor, eid, "editor")
    screen = screen_of(live_server, editor, eid)
    owners = screen_of(live_server, live_organizer, eid)
    try:
        assert screen.call("open", {"poll_id": poll["id"]})["ok"]  # an editor runs the screen
        since = time.monotonic()
        removed = live_organizer.call("DELETE", f"/api/v1/events/{eid}/access/eve@example.org")
        assert removed.status == 204, removed.body
        assert wait_until(lambda: screen.gone_at is not None, timeout=5), "the removed editor is still connected"
        assert screen.gone_at - since < WITHIN_SECONDS, f"cut after {screen.gone_at - since:.2f} s"
        assert screen.wait_for("access_revoked")["code"] == "access_removed"
        assert owners.connected() and owners.call("close", {"poll_id": poll["id"]})["ok"]  # the owner's stays
        gone = editor.call("GET", f"/api/v1/events/{eid}")
        assert gone.status == 404 and gone.body["error"]["code"] == "event_not_found"
    finally:
        screen.close()
        owners.close()


def test_an_editor_made_viewer_is_cut_and_one_made_moderator_only_moderates(live_server, live_organizer, hetki):
    editor = sign_in(live_server.http(), hetki, "eve@example.org")
    eid = live_organizer.event()["id"]
    poll = live_organizer.poll(eid)
    share(live_organizer, editor, eid, "editor")
    screen = screen_of(live_server, editor, eid)
    try:
        changed = live_organizer.call("PUT", f"/api/v1/events/{eid}/access/eve@example.org", json={"role": "moderator"})
        assert changed.status == 200, changed.body
        refused = screen.call("open", {"poll_id": poll["id"]})  # at once: the next action is checked
        assert not refused["ok"] and refused["error"]["code"] == "role_forbidden"
        assert screen.call("moderate", {"action": "approve_all"})["ok"]
        assert screen.connected()

        since = time.monotonic()
        viewer = live_organizer.call("PUT", f"/api/v1/events/{eid}/access/eve@example.org", json={"role": "viewer"})
        assert viewer.status == 200, viewer.body
        assert wait_until(lambda: screen.gone_at is not None, timeout=5), "a viewer holds no presenter socket"
        assert screen.gone_at - since < WITHIN_SECONDS
    finally:
        screen.close()
