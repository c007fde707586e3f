"""How long a process takes to leave on SIGTERM while its phones vote, and how soon they are back.

    .venv/bin/python -m tests.load.bench_sigterm [--phones 200,500] [--rounds 3] [--workers 1]

Per round: a private Redis, two servers behind Debian's nginx with the shipped site (as
tests/integration/test_nginx.py), N phones that vote every ~0.5 s the way the page does (ack timeout 5 s,
reconnect with backoff). nginx's ip_hash sends every loopback phone to one process; that process
gets SIGTERM. Prints the exit time, the time until every phone was connected again (to the other
process) and the acks that came back `ok`. Bounded: each round stops after 60 s.
"""

import argparse
import asyncio
import random
import signal
import tempfile
import time
import uuid
from pathlib import Path

import socketio

from tests.helpers.api import LiveHttp, sign_in
from tests.helpers.clients import join_many
from tests.helpers.processes import raise_open_files, redis_answers, start_redis
from tests.helpers.servers import LiveServer, services_over
from tests.integration.test_nginx import SERVER_ENV, Nginx

VOTE_EVERY_SECONDS = 0.5


async def round_of(phones_count, folder, workers):
    sock = folder / "redis.sock"
    redis_process = start_redis(sock, folder, "--appendonly", "no", "--maxclients", "10000")
    url = f"unix://{sock}"
    assert redis_answers(url)
    env = {"REDIS_URL": url, **SERVER_ENV, "WORKERS": str(workers)}
    servers = [LiveServer(env, folder / f"data{i}").start() for i in range(2)]
    nginx = Nginx(folder / "nginx", [s.port for s in servers]).start()
    try:
        organizer = sign_in(LiveHttp(nginx.url), services_over(url, folder / "cli"), "ada@example.org")
        event = organizer.event()
        poll = organizer.poll(event["id"])
        organizer.open(poll["id"])
        tokens = await join_many(nginx.url, event["code"], phones_count)
        connects, acks, stop = [0] * phones_count, {"ok": 0, "refused": 0, "timeout": 0}, asyncio.Event()
        phones = []
        for i in range(phones_count):
            phone = socketio.AsyncClient(reconnection_delay=0.5, reconnection_delay_max=2)
            phone.on("connect", lambda i=i: connects.__setitem__(i, connects[i] + 1), namespace="/audience")
            phones.append(phone)
        for start in range(0, phones_count, 100):
            await asyncio.gather(
                *(
                    phone.connect(nginx.url, namespaces=["/audience"], transports=["websocket"],
                                  auth={"code": event["code"], "participant": token}, wait_timeout=30)
                    for phone, token in zip(phones[start : start + 100], tokens[start : start + 100], strict=True)
                )
            )  # fmt: skip

        async def vote(i, phone):
            while not stop.is_set():
                await asyncio.sleep(VOTE_EVERY_SECONDS * random.uniform(0.5, 1.5))
                value = random.choice(poll["options"])["id"]
                try:
                    ack = await phone.call("vote", {"poll_id": poll["id"], "value": value, "client_vote_id": uuid.uuid4().hex}, namespace="/audience", timeout=5)  # fmt: skip
                    acks["ok" if ack.get("ok") else "refused"] += 1
                except Exception:
                    acks["timeout"] += 1

        voters = [asyncio.create_task(vote(i, phone)) for i, phone in enumerate(phones)]
        await asyncio.sleep(3)
        chosen = next(s for s in servers if s.port in set(nginx.upstream_ports("/api/v1/join/")))
        started = time.monotonic()
        chosen.process.send_signal(signal.SIGTERM)
        while chosen.process.poll() is None and time.monotonic() - started < 30:
            await asyncio.sleep(0.02)
        exited = time.monotonic() - started
        while min(connects) < 2 and time.monotonic() - started < 30:
            await asyncio.sleep(0.05)
        back = time.monotonic() - started if min(connects) >= 2 else None
        await asyncio.sleep(2)
        stop.set()
        await asyncio.gather(*voters, return_exceptions=True)
        await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)
        return exited, back, dict(acks)
    finally:
        nginx.stop()
        for server in servers:
            server.stop()
        redis_process.terminate()
        redis_process.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="200,500")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="job workers per server (WORKERS; default 1)")
    arguments = parser.parse_args()
    raise_open_files()
    for phones_count in (int(n) for n in arguments.phones.split(",")):
        for _ in range(arguments.rounds):
            with tempfile.TemporaryDirectory(prefix="hetki-sigterm-") as folder:
                exited, back, acks = asyncio.run(
                    asyncio.wait_for(round_of(phones_count, Path(folder), arguments.workers), 90)
                )
            back_text = f"{back:.2f} s" if back is not None else "not all within 30 s"
            print(
                f"{phones_count} voting phones, WORKERS={arguments.workers}: exit {exited:.2f} s after SIGTERM, all back {back_text}; acks {acks}"
            )


if __name__ == "__main__":
    main()
