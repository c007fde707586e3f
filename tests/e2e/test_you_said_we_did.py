""" "You said, we did" (issue 18, item 2) in the browser: the organizer writes the update on the
results page (with the page's figures inserted), picks the poll it answers and publishes it; a
returning phone sees it first with its own quoted answer, a different phone sees only its own, the
text stays text; unpublishing hides it; the PDF report prints it."""

import subprocess

import requests
from playwright.sync_api import expect

from tests.helpers.browser import ARTIFACTS, PHONE

from .organizer_pages import sign_in_page as sign_in
from .test_vote_flow import VOTED, join_link, option

UPDATE = "You said the coffee ran out by ten.\n\nWe doubled the coffee <img src=x onerror=alert(1)> for next year."


def vote(phone, event, option_id):
    phone.goto(join_link(event))
    option(phone, option_id).tap()
    expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)


def test_published_update_reaches_each_phone_with_only_its_own_answer(live_server, live_organizer, open_page, shot):
    event = live_organizer.event("Spring summit")
    fruit = live_organizer.poll(event["id"], question="Best fruit?", options=("Apple", "Pear", "Plum"))
    other = live_organizer.poll(event["id"], type="rating", question="How was the venue?", options=None, scale=5)
    live_organizer.open(fruit["id"])
    _, pear, plum = (o["id"] for o in fruit["options"])
    ada, bob = open_page("ada", **PHONE), open_page("bob", **PHONE)
    vote(ada, event, pear)
    vote(bob, event, plum)
    assert live_organizer.call("POST", f"/api/v1/polls/{fruit['id']}/close").status == 200

    page = open_page("results", viewport={"width": 1280, "height": 900})
    sign_in(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/results")
    expect(page.locator("#update-state")).to_have_text("No update written.")
    page.locator("#update-text").fill(UPDATE)
    page.locator("#update-insert-figures").click()
    expect(page.locator("#update-text")).to_have_value(
        UPDATE + "\n\nKey figures\n- Participants: 2\n- Best fruit? Most chosen: Pear\n\n"
    )
    page.locator(f'input[name="update-ref"][value="{fruit["id"]}"]').check()
    assert not page.locator(f'input[name="update-ref"][value="{other["id"]}"]').is_checked()
    page.locator("#update-publish").click()
    expect(page.locator("#update-state")).to_have_text("Published: shown first at the join link.")
    expect(page.locator("#update-publish")).to_have_text("Unpublish")
    shot(page, "organizer")

    ada.reload()  # a returning phone: the update first, its own answer quoted
    update = ada.locator("#update")
    expect(update).to_be_visible()
    expect(update.locator(".update-paragraph").first).to_have_text("You said the coffee ran out by ten.")
    expect(update).to_contain_text("We doubled the coffee <img src=x onerror=alert(1)> for next year.")
    assert update.locator("img").count() == 0  # organizer text is text
    expect(update.locator(".update-mine-list li")).to_have_count(1)
    expect(update.locator(".update-mine-list q")).to_have_text("Pear")
    for below in ("#app", "#qa"):
        assert update.bounding_box()["y"] < ada.locator(below).bounding_box()["y"]
    shot(ada, "phone-update")

    bob.reload()  # another phone: its own answer, never Ada's
    expect(bob.locator(".update-mine-list q")).to_have_text("Plum")
    expect(bob.locator(".update-mine")).not_to_contain_text(
        "Pear"
    )  # the figures name the top option; the answers are own
    newcomer = open_page("newcomer", **PHONE)
    newcomer.goto(join_link(event))
    expect(newcomer.locator("#update")).to_contain_text("You said the coffee ran out by ten.")
    assert newcomer.locator(".update-mine").count() == 0
    shot(newcomer, "phone-newcomer")

    headers = {"Authorization": f"Bearer {live_organizer.token}"}
    pdf = requests.get(f"{live_server.url}/api/v1/events/{event['id']}/report.pdf", headers=headers, timeout=120)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-"), pdf.text[:300]
    kept = ARTIFACTS / "you-said-we-did.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(pdf.content)
    text = " ".join(
        subprocess.run(["pdftotext", str(kept), "-"], capture_output=True, check=True).stdout.decode().split()
    )
    assert "You said, we did" in text and "You said the coffee ran out by ten." in text
    assert "We doubled the coffee <img src=x onerror=alert(1)> for next year." in text

    page.locator("#update-publish").click()  # unpublish: the join link no longer shows it
    expect(page.locator("#update-state")).to_have_text("Draft: attendees do not see it yet.")
    ada.reload()
    expect(ada.locator('[data-role="question"]')).to_have_text("Best fruit?")  # the state arrived
    expect(ada.locator("#update")).to_be_hidden()
