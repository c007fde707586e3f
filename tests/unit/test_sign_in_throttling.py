"""Issue 15, item 9: sign-in throttling a guesser elsewhere cannot turn into a lockout.

Default limits throughout: failures per account-and-address, failures per account from addresses
that never signed in to it, every attempt per address, and a progressive delay on wrong passwords.
"""

import threading
import time

import pytest

from server.runtime.config import RATE_LIMIT_DEFAULTS

SAME_ORIGIN = {"Origin": "http://localhost"}
OWNER = "10.1.0.1"


@pytest.fixture
def config(config):
    config.RATE_LIMITS = dict(RATE_LIMIT_DEFAULTS)
    config.LOGIN_DELAY_SECONDS = 0  # the delay has its own test below
    return config


@pytest.fixture
def ada(hetki):
    return hetki.organizers.create("ada@example.org", "correct horse")


def sign_in(client, address, email, password):
    return client.post(
        "/api/v1/token", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def guess_until_refused(client, email, addresses):
    """Wrong passwords from each address in turn until one is refused; the statuses seen."""
    statuses = []
    for address in addresses:
        statuses.append(sign_in(client, address, email, "wrong").status_code)
        if statuses[-1] == 429:
            break
    return statuses


def test_failures_elsewhere_never_lock_out_the_owners_address(app, client, ada):
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    statuses = guess_until_refused(client, ada, [f"10.9.0.{n}" for n in range(50)])
    assert statuses == [401] * 5 + [429]  # distributed guessing meets the account-wide limit
    statuses = guess_until_refused(client, ada, ["10.9.1.1"] * 50)
    assert statuses == [429]
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200  # the API from the owner's address
    browser = app.test_client()
    page = browser.post(
        "/login",
        data={"email": ada, "password": "correct horse"},
        headers=SAME_ORIGIN,
        environ_base={"REMOTE_ADDR": OWNER},
    )
    assert page.status_code == 302  # and the sign-in form


def test_a_guesser_gets_no_more_tries_than_before(client, ada):
    """Equal protection: 5 a minute per account from new addresses, however many; 5 per address."""
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    assert guess_until_refused(client, ada, ["10.9.2.1"] * 10) == [401] * 5 + [429]
    assert guess_until_refused(client, ada, [f"10.9.3.{n}" for n in range(10)]) == [429]
    # the right password from a new address waits too: it cannot be told from a lucky guess
    assert sign_in(client, "10.9.4.1", ada, "correct horse").status_code == 429
    # the owner's own typos meet only their address's limit
    assert guess_until_refused(client, ada, [OWNER] * 10) == [401] * 5 + [429]


def test_the_owners_sign_in_does_not_reset_a_guessers_count(client, ada):
    for n in range(4):
        assert sign_in(client, f"10.9.5.{n}", ada, "wrong").status_code == 401
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    assert sign_in(client, "10.9.5.8", ada, "wrong").status_code == 401
    assert sign_in(client, "10.9.5.9", ada, "wrong").status_code == 429


def test_only_failures_count(client, ada):
    """Right passwords, many, from new addresses: none counts toward the account's limits."""
    for n in range(12):
        assert sign_in(client, f"10.9.6.{n}", ada, "correct horse").status_code == 200
    for _ in range(12):
        assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    assert guess_until_refused(client, ada, [f"10.9.7.{n}" for n in range(10)]) == [401] * 5 + [429]


def test_parallel_guesses_cannot_outrun_the_limit(app, ada):
    """Each attempt is counted before its hash: 40 at once from 40 addresses, five get an answer."""
    statuses, start = [], threading.Barrier(40)

    def guess(n):
        start.wait()
        statuses.append(sign_in(app.test_client(), f"10.9.8.{n}", ada, "wrong").status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 5 + [429] * 35


def test_each_failure_from_an_address_waits_longer(app, config, ada):
    app.extensions["hetki"].limits.login_delay = 0.25
    client = app.test_client()
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    took = []
    for _ in range(5):
        started = time.monotonic()
        assert sign_in(client, "10.9.9.1", ada, "wrong").status_code == 401
        took.append(time.monotonic() - started)
    # held 0, 0.25, 0.5, 1, 2 s: each at least its delay (lower bounds only)
    for seconds, delay in zip(took[1:], [0.25, 0.5, 1, 2], strict=True):
        assert seconds >= delay, took
    started = time.monotonic()
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    assert sign_in(client, OWNER, ada, "correct horse").status_code == 200
    assert time.monotonic() - started < 2, "a right password is never held"


def form_sign_in(browser, address, email, password):
    data = {"email": email, "password": password}
    return browser.post("/login", data=data, headers=SAME_ORIGIN, environ_base={"REMOTE_ADDR": address})


def test_the_owners_browser_gets_in_from_a_new_address(app, client, ada):
    """OWASP's device cookie: the laptop that signed in at home signs in at the venue, a new address,
    while a guesser has filled the account's limit for new addresses; a stolen cookie guesses no more."""
    laptop = app.test_client()
    assert form_sign_in(laptop, OWNER, ada, "correct horse").status_code == 302
    device = laptop.get_cookie("hetki_device")
    assert device and device.http_only and device.max_age >= 30 * 24 * 3600
    assert guess_until_refused(client, ada, [f"10.9.10.{n}" for n in range(10)]) == [401] * 5 + [429]
    assert form_sign_in(laptop, "10.2.0.1", ada, "correct horse").status_code == 302
    assert form_sign_in(app.test_client(), "10.2.0.2", ada, "correct horse").status_code == 429  # a new browser
    thief = app.test_client()
    thief.set_cookie("hetki_device", device.value)
    statuses = [form_sign_in(thief, f"10.9.11.{n}", ada, "wrong").status_code for n in range(7)]
    assert statuses == [401] * 5 + [429] * 2
    other = app.extensions["hetki"].organizers.create("bob@example.org", "correct horse")
    bob_guesser = app.test_client()
    bob_guesser.set_cookie("hetki_device", device.value)  # ada's cookie is worth nothing for bob
    assert guess_until_refused(client, other, [f"10.9.12.{n}" for n in range(10)]) == [401] * 5 + [429]
    assert form_sign_in(bob_guesser, "10.9.13.1", other, "wrong").status_code == 429
