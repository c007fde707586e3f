"""Issue 20, item 1 in the browser: the owner makes an invitation link on the settings page, the
invitee makes their account from it and finds the shared event in their list, and the owner changes
and removes their access; the admin's accounts page."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_accessibility import Audit

SHOTS = Path("/tmp/hk/shots/U1")
WIDE = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US", "bypass_csp": True}  # for axe


def signed_in(page, email):
    page.goto("/login")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', "correct horse")
    page.click('button[type="submit"]')
    page.wait_for_url("**/organizer")


def look(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True, animations="disabled")


def test_an_owner_shares_an_event_and_takes_it_back(live_organizer, open_page):
    event = live_organizer.event("Spring all-hands")
    owner = open_page("owner", **WIDE)
    signed_in(owner, live_organizer.email)
    owner.goto(f"/events/{event['id']}/settings")
    owner.select_option("#invite-role", "editor")
    owner.click('#invite-form button[type="submit"]')
    expect(owner.locator("#invite-url")).to_have_value(re.compile(r"/invite/[\w-]+$"))
    look(owner, "settings-invitation")
    url = owner.locator("#invite-url").input_value()

    invitee = open_page("invitee", **WIDE)
    invitee.goto(url)
    expect(invitee.locator("#invitation")).to_contain_text("Spring all-hands")
    invitee.fill('input[name="email"]', "eve@example.org")
    invitee.fill('input[name="password"]', "a long passphrase")
    look(invitee, "invitation-page")
    audit = Audit()
    audit(invitee, "invitation")
    invitee.click('button[value="create"]')
    invitee.wait_for_url("**/organizer")
    card = invitee.locator(f'[data-event-id="{event["id"]}"]')
    expect(card.locator('[data-role="access"]')).to_contain_text("you are Editor")
    expect(card.locator('[data-role="delete"]')).to_be_hidden()
    expect(card.locator('[data-role="edit"]')).to_be_visible()
    look(invitee, "dashboard-shared-editor")

    owner.reload()
    member = owner.locator("#members li", has_text="eve@example.org")
    member.locator("select").select_option("viewer")
    expect(owner.locator("#announcer")).to_contain_text("was changed")
    look(owner, "settings-members")
    owner.goto("/organizer")
    expect(owner.locator(f'[data-event-id="{event["id"]}"] [data-role="access"]')).to_contain_text(
        "eve@example.org (Viewer)"
    )
    look(owner, "dashboard-owner")

    invitee.reload()
    card = invitee.locator(f'[data-event-id="{event["id"]}"]')
    expect(card.locator('[data-role="edit"]')).to_be_hidden()
    expect(card.locator('[data-role="results"]')).to_be_visible()
    look(invitee, "dashboard-shared-viewer")
    audit(invitee, "dashboard with a shared event")
    audit.check()

    owner.goto(f"/events/{event['id']}/settings")
    owner.once("dialog", lambda dialog: dialog.accept())
    owner.locator("#members li", has_text="eve@example.org").get_by_role("button").click()
    expect(owner.locator("#members li")).to_have_count(1)
    invitee.reload()
    expect(invitee.locator(f'[data-event-id="{event["id"]}"]')).to_have_count(0)


def test_the_admin_disables_an_account_on_the_accounts_page(live_organizer, live_server, hetki, open_page):
    hetki.organizers.create("eve@example.org", "correct horse")
    admin = open_page("admin", **WIDE)
    signed_in(admin, live_organizer.email)  # the first account
    admin.click("#accounts-link")
    row = admin.locator('tr[data-email="eve@example.org"]')
    admin.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Disable").click()
    expect(row.locator('[data-role="state"]')).to_have_text("Disabled")
    look(admin, "accounts")
    audit = Audit()
    audit(admin, "accounts")
    audit.check()
    refused = live_server.http().request(
        "POST", "/api/v1/token", json={"email": "eve@example.org", "password": "correct horse"}
    )
    assert refused.status == 401 and refused.body["error"]["code"] == "account_disabled"
