"""1,000 phones on real sockets vote at once; counts end exact. Bursts are coalesced."""

import asyncio
import resource
import time
import uuid

import aiohttp
import socketio

from .clients import PresenterScreen

PHONES = 1000


def raise_open_files():
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


async def connect_phones(url, code, count):
    async with aiohttp.ClientSession() as http:

        async def join():
            async with http.post(f"{url}/api/v1/join/{code}", json={}) as response:
                return (await response.json())["participant_token"]

        tokens = await asyncio.gather(*(join() for _ in range(count)))
    phones = []
    for chunk in range(0, count, 100):
        batch = [socketio.AsyncClient(reconnection=False) for _ in tokens[chunk : chunk + 100]]
        await asyncio.gather(
            *(
                phone.connect(
                    url,
                    namespaces=["/audience"],
                    transports=["websocket"],
                    auth={"code": code, "participant": token},
                    wait_timeout=30,
                )
                for phone, token in zip(batch, tokens[chunk : chunk + 100], strict=False)
            )
        )
        phones += batch
    return phones


async def vote_all(phones, poll_id, choose):
    async def vote(i, phone):
        return await phone.call(
            "vote",
            {"poll_id": poll_id, "value": choose(i), "client_vote_id": uuid.uuid4().hex},
            namespace="/audience",
            timeout=60,
        )

    return await asyncio.gather(*(vote(i, phone) for i, phone in enumerate(phones)))


async def disconnect(phones):
    await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)


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
