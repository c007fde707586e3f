"""Rate limits: sign-ins per account and per address with backoff, joins per address, questions and
nickname changes per participant, 429 with an error object and Retry-After; votes never limited."""

import asyncio

import pytest

from tests.helpers.clients import Phone, connect_phones, disconnect, join, vote_all
from tests.helpers.processes import raise_open_files

LOW_LIMITS = {
    "login_account": "3/minute;5/hour",
    "login_account_ip": "3/minute;5/hour",
    "login_ip": "6/minute",
    "join_ip": "4/minute",
    "question": "2/minute",
    "nickname": "2/minute",
}
SAME_ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def config(config):
    config.RATE_LIMITS = LOW_LIMITS
    config.LOGIN_DELAY_SECONDS = 0  # the progressive delay has its own test (test_sign_in_throttling.py)
    return config


@pytest.fixture
def ada(hetki):
    return hetki.organizers.create("ada@example.org", "correct horse")


def sign_in_from(client, address, email, password, **headers):
    return client.post(
        "/api/v1/token",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def assert_rate_limited(response, window=60):
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert error["code"] == "rate_limited" and error["message"]
    assert 1 <= error["retry_after"] <= window
    assert response.headers["Retry-After"] == str(error["retry_after"])


def test_wrong_passwords_for_one_account_are_limited_from_any_address(client, ada):
    for n in range(3):
        assert sign_in_from(client, f"10.0.0.{n}", ada, "wrong").status_code == 401
    # A fourth address, a forged X-Forwarded-For (no TRUST_PROXY), and even the right password wait.
    assert_rate_limited(sign_in_from(client, "10.0.0.9", ada, "wrong", **{"X-Forwarded-For": "10.9.9.9"}))
    assert_rate_limited(sign_in_from(client, "10.0.0.10", ada, "correct horse"))
    assert sign_in_from(client, "10.0.0.10", "someone@example.org", "wrong").status_code == 401


def test_unknown_addresses_are_limited_like_known_ones(client):
    for _ in range(3):
        assert sign_in_from(client, "10.0.1.1", "nobody@example.org", "guess").status_code == 401
    assert_rate_limited(sign_in_from(client, "10.0.1.2", "Nobody@Example.org", "guess"))


def test_one_address_is_limited_across_accounts_and_forwarded_headers(client):
    for n in range(6):
        forged = {"X-Forwarded-For": f"172.16.0.{n}"}
        assert sign_in_from(client, "192.0.2.7", f"user{n}@example.org", "guess", **forged).status_code == 401
    assert_rate_limited(sign_in_from(client, "192.0.2.7", "user9@example.org", "guess"))
    assert sign_in_from(client, "192.0.2.8", "user9@example.org", "guess").status_code == 401


def test_the_longer_window_is_the_backoff(client, redis_client, ada):
    """Five an hour: after the minute window is waited out (here: its failures moved back 61 s), the
    hour still says no."""
    for n in range(3):
        assert sign_in_from(client, f"10.0.2.{n}", ada, "wrong").status_code == 401
    attempts = [k for k in redis_client.scan_iter("hetki:sign-ins:login_account:*")]
    assert len(attempts) == 1
    failures = redis_client.zrange(attempts[0], 0, -1, withscores=True)
    redis_client.zadd(attempts[0], {member: score - 61_000 for member, score in failures})
    for n in range(2):
        assert sign_in_from(client, f"10.0.3.{n}", ada, "wrong").status_code == 401
    assert_rate_limited(sign_in_from(client, "10.0.3.9", ada, "wrong"), window=3600)


def test_a_right_password_ends_its_own_addresss_backoff_only(client, ada):
    """The owner's typos stop counting once they get it right; a guesser's failures elsewhere stay."""
    assert sign_in_from(client, "10.0.4.2", ada, "correct horse").status_code == 200  # the owner's address
    assert sign_in_from(client, "10.0.4.1", ada, "wrong").status_code == 401
    assert sign_in_from(client, "10.0.4.2", ada, "typo").status_code == 401
    assert sign_in_from(client, "10.0.4.2", ada, "correct horse").status_code == 200
    for _ in range(3):  # counted from zero again, and only against 10.0.4.2's own limit
        assert sign_in_from(client, "10.0.4.2", ada, "typo").status_code == 401
    assert_rate_limited(sign_in_from(client, "10.0.4.2", ada, "typo"))
    for n in (3, 4):  # the guesser's first failure still counts: three elsewhere fill the minute
        assert sign_in_from(client, f"10.0.4.{n}", ada, "wrong").status_code == 401
    assert_rate_limited(sign_in_from(client, "10.0.4.5", ada, "wrong"))


def test_web_sign_in_form_is_limited_with_a_page(client, ada):
    form = {"email": ada, "password": "wrong"}
    for _ in range(3):
        assert client.post("/login", data=form, headers=SAME_ORIGIN).status_code == 401
    page = client.post("/login", data={**form, "password": "correct horse"}, headers=SAME_ORIGIN)
    assert page.status_code == 429
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    assert "Too many attempts" in page.get_data(as_text=True)


def test_joins_are_limited_per_address(app, client, organizer):
    event = organizer.event()
    joins = [
        client.post(f"/api/v1/join/{event['code']}", json={}, environ_base={"REMOTE_ADDR": "198.51.100.1"})
        for _ in range(4)
    ]
    assert [r.status_code for r in joins] == [201] * 4
    refused = client.post(f"/api/v1/join/{event['code']}", json={}, environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert_rate_limited(refused)
    new_phone = app.test_client()  # no participant cookie yet: the page would make one
    page = new_phone.get(f"/j/{event['code']}", environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert page.status_code == 429 and page.headers["Retry-After"]
    other = client.post(f"/api/v1/join/{event['code']}", json={}, environ_base={"REMOTE_ADDR": "198.51.100.2"})
    assert other.status_code == 201


def test_question_flood_is_refused_per_participant(live_server, live_organizer):
    """Default limits on the real server: five questions a minute, then an error ack; others still ask."""
    event = live_organizer.event()
    flooder = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    other = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    try:
        acks = [flooder.call("question", {"text": f"Question {n}?"}) for n in range(8)]
        assert all(ack["ok"] for ack in acks[:5])
        for ack in acks[5:]:
            assert ack["ok"] is False and ack["error"]["code"] == "rate_limited"
            assert 1 <= ack["error"]["retry_after"] <= 60
        assert other.call("question", {"text": "Mine?"})["ok"]
        listed = live_organizer.call("GET", f"/api/v1/events/{event['id']}/questions").body["questions"]
        assert len(listed) == 6
    finally:
        flooder.close()
        other.close()


def test_nickname_changes_are_limited_per_participant(live_server, live_organizer):
    event = live_organizer.event()
    phone = Phone(live_server.url, event["code"], join(live_server.http(), event["code"])).connect()
    try:
        acks = [phone.call("nickname", {"nickname": f"Ada {n}"}) for n in range(11)]
        assert all(ack["ok"] for ack in acks[:10])
        assert acks[10]["ok"] is False and acks[10]["error"]["code"] == "rate_limited"
    finally:
        phone.close()


def test_three_hundred_phones_behind_one_address_all_vote(live_server, live_organizer):
    """A venue NAT: 300 phones join and vote from 127.0.0.1, each changing its vote ten times; nothing
    is refused, and the tally is one vote per phone."""
    raise_open_files()
    event = live_organizer.event()
    poll = live_organizer.poll(event["id"], options=["A", "B", "C"])
    live_organizer.open(poll["id"])
    options = [o["id"] for o in poll["options"]]

    async def scenario():
        phones = await connect_phones(live_server.url, event["code"], 300)
        try:
            rounds = [await vote_all(phones, poll["id"], lambda i, r=r: options[(i + r) % 3]) for r in range(10)]
            return [ack for acks in rounds for ack in acks]
        finally:
            await disconnect(phones)

    acks = asyncio.run(scenario())
    assert len(acks) == 3000 and all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]][:3]
    results = live_organizer.results(poll["id"])
    assert results["total"] == 300
    assert results["counts"] == {options[(i + 9) % 3]: 100 for i in range(3)}
