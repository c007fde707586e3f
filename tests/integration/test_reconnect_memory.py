"""Every reconnect leaves nothing behind: a closed connection is freed by reference counting, with
no full collection (server/__main__.py raises the collector's thresholds so far that one rarely
runs). Held against a real server and 1,000 websocket phones of one event, read through the
census in /healthz (server/realtime/connection_census.py)."""

import asyncio

import pytest
import requests

from tests.helpers.api import sign_in
from tests.helpers.clients import join_many
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer
from tests.load.thin_client import ThinClient

WAVE = 100  # phones connected at once
WARM_UP = 1000  # reconnects before the baseline: pools, caches and the allocator's arenas fill
RECONNECTS = 1000
# Live engineio sockets a quiet server may still hold: engineio's service task keeps the last one
# it checked, and those of its current round for up to PING_TIMEOUT.
LEFT_OVER = 3
# Measured on a 2-CPU VM (eventlet), RSS growth over the 1,000 reconnects after the warm-up: 19-25 MB
# while closed connections waited for the collector (20-25 KB each, all 1,000 left alive), 1.4-3.2 MB
# since (young garbage between collections of the youngest generation, allocator arenas; it levels
# off: +0.1-0.3 MB for each further 1,000).
RSS_GROWTH_BYTES = 8 * 1024 * 1024


@pytest.fixture(
    scope="module",
    params=[
        # Hetki's one ping clock (server/realtime/pinger.py) must hold no closed connection: a long interval
        "eventlet",
        # engineio's own ping thread holds each connection for the interval: a short one
        pytest.param("gevent", marks=pytest.mark.slow),
    ],
)
def server(request, redis_url, tmp_path_factory):
    ping_interval = "60" if request.param == "eventlet" else "3"
    env = {
        "REDIS_URL": redis_url,
        "TRANSCRIBE": "0",
        "WORKERS": "0",
        "ASYNC_MODE": request.param,
        "PING_INTERVAL": ping_interval,
        "PING_TIMEOUT": "3",  # bounds engineio's service round, which holds the sockets it checks
    }
    server = LiveServer(env, tmp_path_factory.mktemp("reconnects")).start()
    yield server
    server.stop()


def census(server):
    reply = requests.get(server.url + "/healthz", timeout=5)
    assert reply.status_code == 200, reply.text
    return reply.json()["connections"]


async def reconnect(url, code, tokens, count):
    """`count` websocket connects and disconnects of phones joined to `code`, WAVE at a time."""
    done = 0
    while done < count:
        phones = [ThinClient() for _ in range(min(WAVE, count - done))]
        await asyncio.gather(
            *(
                phone.connect(
                    url,
                    auth={"code": code, "participant": token},
                    namespaces=["/audience"],
                    transports=["websocket"],
                    wait_timeout=10,
                )
                for phone, token in zip(phones, tokens, strict=False)
            )
        )
        assert all(phone.connected for phone in phones)
        await asyncio.gather(*(phone.disconnect() for phone in phones))
        done += len(phones)


def settled(server, at_most):
    """The census once at most `at_most` connections are left alive (within 10 s)."""
    wait_until(lambda: census(server)["live"] <= at_most, timeout=10)
    return census(server)


def test_a_thousand_reconnects_leave_no_connection_and_no_memory_behind(server, hetki):
    organizer = sign_in(server.http(), hetki, "ada@example.org")
    code = organizer.event()["code"]
    tokens = asyncio.run(join_many(server.url, code, WAVE))
    asyncio.run(reconnect(server.url, code, tokens, WARM_UP))
    before = settled(server, LEFT_OVER)
    assert before["live"] <= LEFT_OVER, before

    asyncio.run(reconnect(server.url, code, tokens, RECONNECTS))
    after = settled(server, before["live"] + LEFT_OVER)

    assert after["made"] - before["made"] == RECONNECTS
    assert after["live"] <= before["live"] + LEFT_OVER, (before, after)
    assert after["http_live"] <= before["http_live"] + LEFT_OVER, (before, after)
    growth = after["rss_bytes"] - before["rss_bytes"]
    print(f"RSS {before['rss_bytes'] / 2**20:.1f} -> {after['rss_bytes'] / 2**20:.1f} MiB", before, after)
    assert growth < RSS_GROWTH_BYTES, f"{growth / RECONNECTS:.0f} bytes per reconnect"
