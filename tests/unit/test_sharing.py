"""Issue 20, item 1: sharing an event by one-time invitation links, the events list with shared
events and who has access, and the admin who lists and disables accounts."""

import re

from server.domain.access import INVITATION_SECONDS, MAX_INVITATIONS
from server.store.access import invitation_key
from server.store.keys import digest
from tests.helpers.api import SAME_ORIGIN, assert_error, sign_in
from tests.helpers.leftovers import keys_mentioning


def invite(owner, eid, role="editor"):
    reply = owner.call("POST", f"/api/v1/events/{eid}/invitations", json={"role": role})
    assert reply.status == 201, reply.body
    assert reply.body["role"] == role and reply.body["url"].startswith("http")
    return reply.body["url"].rsplit("/invite/", 1)[1]


def accept(member, token):
    return member.call("POST", f"/api/v1/invitations/{token}/accept")


def test_an_invitation_works_once_and_gives_its_role(http, hetki, organizer):
    eid = organizer.event()["id"]
    eve, mallory = sign_in(http, hetki, "eve@example.org"), sign_in(http, hetki, "mallory@example.org")
    token = invite(organizer, eid, "moderator")
    assert http.request("GET", f"/api/v1/invitations/{token}").body == {
        "event": {"title": "Keynote"},
        "role": "moderator",
    }
    assert accept(eve, token).body == {"event_id": eid, "role": "moderator"}
    assert_error(accept(mallory, token), 404)  # one use: a forwarded link gives nothing to a second person
    assert accept(mallory, token).body["error"]["code"] == "invitation_invalid"
    assert mallory.call("GET", f"/api/v1/events/{eid}").status == 404
    access = organizer.call("GET", f"/api/v1/events/{eid}/access").body["access"]
    assert access == [{"email": "ada@example.org", "role": "owner"}, {"email": "eve@example.org", "role": "moderator"}]


def test_invitations_are_bounded_per_event_expire_and_take_only_a_role(http, hetki, organizer, redis_client):
    eid = organizer.event()["id"]
    tokens = [invite(organizer, eid) for _ in range(MAX_INVITATIONS)]
    too_many = organizer.call("POST", f"/api/v1/events/{eid}/invitations", json={"role": "viewer"})
    assert_error(too_many, 429)
    assert too_many.body["error"]["code"] == "too_many_invitations"
    assert 0 < redis_client.ttl(invitation_key(digest(tokens[0]))) <= INVITATION_SECONDS
    redis_client.delete(invitation_key(digest(tokens[0])))  # as when it expires
    assert accept(sign_in(http, hetki, "eve@example.org"), tokens[0]).status == 404
    invite(organizer, eid)  # an expired one no longer counts
    for role in ("owner", "admin", "", None, 3):
        bad = organizer.call("POST", f"/api/v1/events/{eid}/invitations", json={"role": role})
        assert_error(bad, 422)


def test_only_the_owner_shares_and_the_owner_keeps_their_role(http, hetki, organizer):
    eid = organizer.event()["id"]
    eve = sign_in(http, hetki, "eve@example.org")
    accept(eve, invite(organizer, eid, "editor"))
    refused = eve.call("POST", f"/api/v1/events/{eid}/invitations", json={"role": "editor"})
    assert_error(refused, 403)
    assert refused.body["error"]["code"] == "role_forbidden"
    assert_error(organizer.call("PUT", f"/api/v1/events/{eid}/access/ada@example.org", json={"role": "viewer"}), 422)
    assert_error(organizer.call("DELETE", f"/api/v1/events/{eid}/access/nobody@example.org"), 404)
    added = organizer.call("PUT", f"/api/v1/events/{eid}/access/nobody@example.org", json={"role": "editor"})
    assert_error(added, 404)  # only an accepted invitation adds someone
    assert_error(organizer.call("PUT", f"/api/v1/events/{eid}/access/eve@example.org", json={"role": "boss"}), 422)


def test_the_events_list_shows_shared_events_and_who_has_access(http, hetki, organizer, redis_client):
    eve = sign_in(http, hetki, "eve@example.org")
    shared = organizer.event("Shared keynote")
    eves_own = eve.event("Eve's own")
    accept(eve, invite(organizer, shared["id"], "viewer"))
    mine = organizer.call("GET", "/api/v1/events").body["events"]
    assert [(e["title"], e["role"]) for e in mine] == [("Shared keynote", "owner")]
    assert mine[0]["access"][1] == {"email": "eve@example.org", "role": "viewer"}
    hers = {e["title"]: e for e in eve.call("GET", "/api/v1/events").body["events"]}
    assert hers["Eve's own"]["role"] == "owner" and hers["Eve's own"]["id"] == eves_own["id"]
    assert hers["Shared keynote"]["role"] == "viewer"
    assert hers["Shared keynote"]["permissions"] == ["view", "results"]
    assert "presenter_url" not in hers["Shared keynote"]
    accept(eve, invite(organizer, shared["id"], "editor"))  # a second invitation changes the role
    copy = eve.call("POST", f"/api/v1/events/{shared['id']}/duplicate").body
    assert copy["role"] == "owner"  # an editor's copy is their own event
    invite(organizer, shared["id"], "editor")  # still open when the event is erased
    organizer.call("DELETE", f"/api/v1/events/{shared['id']}")
    left = eve.call("GET", "/api/v1/events").body["events"]
    assert sorted(e["title"] for e in left) == ["Eve's own", "Shared keynote (copy)"]
    assert keys_mentioning(redis_client, shared["id"]) == []  # members, invitations, shared lists


def test_the_invitation_page_makes_the_account_and_signs_it_in(client, organizer):
    eid = organizer.event()["id"]
    token = invite(organizer, eid, "editor")
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200 and "Keynote" in page.get_data(as_text=True)
    made = client.post(
        f"/invite/{token}",
        data={"email": "new@example.org", "password": "a long passphrase", "action": "create"},
        headers=SAME_ORIGIN,
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    listed = client.get("/api/v1/events").get_json()["events"]  # signed in by the page's session
    assert [(e["id"], e["role"]) for e in listed] == [(eid, "editor")]
    again = client.get(f"/invite/{token}")
    assert again.status_code == 404


def test_the_invitation_page_says_what_went_wrong(client, organizer, hetki):
    token = invite(organizer, organizer.event()["id"])
    wrong = client.post(
        f"/invite/{token}", data={"email": "ada@example.org", "password": "not it at all", "action": "sign_in"}
    )
    assert wrong.status_code == 401
    assert re.search(r'id="invitation-error">[^<]+<', wrong.get_data(as_text=True))
    short = client.post(f"/invite/{token}", data={"email": "new@example.org", "password": "x", "action": "create"})
    assert short.status_code == 422
    assert hetki.access.invitation(token)  # still unused


def test_the_first_account_is_admin_and_disables_others(http, hetki, organizer, client):
    eve = sign_in(http, hetki, "eve@example.org")
    assert_error(eve.call("GET", "/api/v1/accounts"), 403)
    listed = organizer.call("GET", "/api/v1/accounts").body["accounts"]
    assert listed == [
        {"email": "ada@example.org", "admin": True, "disabled": False},
        {"email": "eve@example.org", "admin": False, "disabled": False},
    ]
    assert_error(organizer.call("PATCH", "/api/v1/accounts/ada@example.org", json={"disabled": True}), 422)
    assert_error(organizer.call("PATCH", "/api/v1/accounts/who@example.org", json={"disabled": True}), 404)
    assert organizer.call("PATCH", "/api/v1/accounts/eve@example.org", json={"disabled": True}).status == 200
    assert_error(eve.call("GET", "/api/v1/events"), 401)  # signed out at once
    again = http.request("POST", "/api/v1/token", json={"email": "eve@example.org", "password": "correct horse"})
    assert_error(again, 401)
    assert again.body["error"]["code"] == "account_disabled"
    organizer.call("PATCH", "/api/v1/accounts/eve@example.org", json={"disabled": False})
    assert (
        http.request("POST", "/api/v1/token", json={"email": "eve@example.org", "password": "correct horse"}).status
        == 200
    )
    page = organizer.call("GET", "/admin/accounts", headers={"Accept": "text/html"})
    assert page.status == 200


def test_create_organizer_admin_makes_an_admin(app, hetki, organizer):
    result = app.test_cli_runner().invoke(
        args=["create-organizer", "boss@example.org", "--admin", "--password-stdin"], input="a long passphrase\n"
    )
    assert result.exit_code == 0, result.output
    assert hetki.accounts.is_admin("boss@example.org") and hetki.accounts.is_admin("ada@example.org")
    plain = app.test_cli_runner().invoke(
        args=["create-organizer", "x@example.org", "--password-stdin"], input="a long passphrase\n"
    )
    assert plain.exit_code == 0 and not hetki.accounts.is_admin("x@example.org")
