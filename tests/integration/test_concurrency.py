"""1,000 phones on real sockets vote at once; counts end exact. Bursts are coalesced."""

import asyncio
import time

from tests.helpers.clients import PresenterScreen, connect_phones, disconnect, vote_all
from tests.helpers.processes import raise_open_files

PHONES = 1000


def test_thousand_concurrent_votes_end_exact(live_server, live_organizer):
    raise_open_files()
    event = live_organizer.event()
    poll = live_organizer.poll(event["id"], options=["A", "B", "C", "D"])
    live_organizer.open(poll["id"])
    options = [o["id"] for o in poll["options"]]

    async def scenario():
        phones = await connect_phones(live_server.url, event["code"], PHONES)
        try:
            first = await vote_all(phones, poll["id"], lambda i: options[i % 4])
            # every third phone changes its mind, concurrently with nothing else
            second = await vote_all(phones[::3], poll["id"], lambda i: options[(i * 3 + 1) % 4])
            return first, second
        finally:
            await disconnect(phones)

    first, second = asyncio.run(scenario())
    assert all(ack == {"ok": True, "outcome": "new"} for ack in first)
    assert all(ack["ok"] for ack in second)
    expected = {o: 0 for o in options}
    for i in range(PHONES):
        expected[options[(i + 1) % 4] if i % 3 == 0 else options[i % 4]] += 1
    results = live_organizer.results(poll["id"])
    assert results["total"] == PHONES
    assert results["counts"] == expected


def test_burst_of_votes_is_coalesced_to_ten_results_a_second(live_server, live_organizer):
    raise_open_files()
    event = live_organizer.event()
    poll = live_organizer.poll(event["id"], options=["A", "B"])
    live_organizer.open(poll["id"])
    screen = PresenterScreen(live_server.url, {"token": live_organizer.token, "event_id": event["id"]}).connect()

    async def scenario():
        phones = await connect_phones(live_server.url, event["code"], 200)
        try:
            started = time.monotonic()
            rounds = 0
            while time.monotonic() - started < 2.5:  # votes keep flowing for 2.5 s
                await vote_all(phones, poll["id"], lambda i, r=rounds: ["o1", "o2"][(i + r) % 2])
                rounds += 1
            return rounds
        finally:
            await disconnect(phones)

    try:
        rounds = asyncio.run(scenario())
        assert rounds >= 3
        screen.wait_for("results", lambda r: r["total"] == 200)
        time.sleep(0.6)  # the coalescer's last message follows the last vote within a tick
        with screen.changed:
            sent = [
                (at, payload)
                for at, name, payload in screen.messages
                if name == "results" and payload["poll_id"] == poll["id"] and payload["seq"]
            ]
        times = [payload["sent_at"] / 1000 for _, payload in sent]  # the server's send times: arrival adds jitter
        final = max((payload for _, payload in sent), key=lambda r: r["seq"])
        assert len(times) >= 5, "the presenter should see results move during the burst"
        for i, start in enumerate(times):
            assert len([t for t in times[i:] if t - start < 1.0]) <= 10
        assert sum(final["counts"].values()) == 200
        assert final["counts"] == live_organizer.results(poll["id"])["counts"]
    finally:
        screen.close()
