"""A phone that loses the network mid-vote: its latest choice is counted once when it is back."""

import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.helpers.ballots import assert_counts_match_ballots

from .test_vote_flow import join_link, option, wait_online

OFFLINE_SECONDS = 30


def status(page):
    return page.locator('[data-role="status"]')


def outbox_of(page):
    """What the phone keeps in localStorage for unconfirmed votes."""
    return page.evaluate(
        "Object.keys(localStorage).filter((k) => k.startsWith('hetki.outbox.'))"
        ".map((k) => JSON.parse(localStorage.getItem(k)))"
    )


def wait_offline(page):
    expect(page.locator("body")).to_have_attribute("data-online", "false", timeout=60_000)


@pytest.fixture
def live_poll(live_organizer):
    event = live_organizer.event("Offline")
    poll = live_organizer.poll(event["id"], question="Best fruit?", options=("Apple", "Pear", "Plum"))
    live_organizer.open(poll["id"])
    return event, poll, [o["id"] for o in poll["options"]]


@pytest.mark.slow
def test_phone_offline_for_30_s_mid_vote_is_counted_once_with_its_latest_choice(
    live_organizer, live_poll, phone, redis_client, shot
):
    event, poll, (apple, pear, plum) = live_poll
    phone.goto(join_link(event))
    wait_online(phone)
    option(phone, apple).tap()
    expect(status(phone)).to_have_text("✓ Answer received")

    phone.context.set_offline(True)
    went = time.monotonic()
    option(phone, plum).tap()  # changes its mind while the network is gone...
    option(phone, pear).tap()  # ...twice: only the latest may count
    expect(option(phone, pear)).to_have_attribute("aria-pressed", "true")
    wait_offline(phone)
    assert [v["value"] for v in outbox_of(phone)] == [pear]
    shot(phone, "offline-waiting")
    time.sleep(max(0.0, OFFLINE_SECONDS - (time.monotonic() - went)))
    assert live_organizer.results(poll["id"])["counts"] == {apple: 1, pear: 0, plum: 0}

    phone.context.set_offline(False)
    back = time.monotonic()
    expect(status(phone)).to_have_text("✓ Answer received", timeout=15_000)
    print(f"offline vote confirmed {time.monotonic() - back:.1f} s after the network came back")
    assert outbox_of(phone) == []
    results = live_organizer.results(poll["id"])
    assert results["total"] == 1 and results["counts"] == {apple: 0, pear: 1, plum: 0}
    assert assert_counts_match_ballots(redis_client, event["id"], poll["id"]) == 1


@pytest.mark.slow
def test_vote_made_offline_survives_a_reload_and_is_sent_once_when_back(
    live_organizer, live_poll, phone, redis_client, shot
):
    event, poll, (apple, pear, plum) = live_poll
    phone.goto(join_link(event))
    wait_online(phone)
    phone.context.set_offline(True)
    option(phone, plum).tap()
    expect(option(phone, plum)).to_have_attribute("aria-pressed", "true")
    assert [v["value"] for v in outbox_of(phone)] == [plum]
    with pytest.raises(PlaywrightError):  # the browser cannot load the page without a network
        phone.reload()

    phone.context.set_offline(False)
    phone.goto(join_link(event))
    expect(option(phone, plum)).to_have_attribute("aria-pressed", "true")
    expect(status(phone)).to_have_text("✓ Answer received", timeout=15_000)
    assert outbox_of(phone) == []
    phone.reload()  # nothing is left to send twice
    expect(status(phone)).to_have_text("✓ Answer received")
    results = live_organizer.results(poll["id"])
    assert results["total"] == 1 and results["counts"] == {apple: 0, pear: 0, plum: 1}
    assert assert_counts_match_ballots(redis_client, event["id"], poll["id"]) == 1
