"""Honest phones' vote ack latency, quiet and under each attack one hostile client can make.

    .venv/bin/python -m tests.load.bench_attacks [--phones 20] [--seconds 5] [--attacks a,b,...]

Starts a private Redis and the real server (tests/load/processes.py `Rig`), an event with an open
poll for `--phones` honest phones (python-socketio clients over websockets, each voting again as
soon as its ack comes), and a second event for the attacker. For each attack it measures the
honest phones for `--seconds` quiet, then for `--seconds` while the attack runs, and prints
p50 / p99 / max ack latency and errors for both. Every attack talks to 127.0.0.1 only, is bounded
in count and time, and stops by itself; everything started is stopped on exit.
"""

import argparse
import json
import socket
import statistics
import sys
import threading
import time
import uuid

import requests
import websocket

from tests.helpers.clients import Phone, join
from tests.load.crowd import set_up_poll
from tests.load.processes import Rig, raise_open_files_limit


def hold_half_requests(rig, stop, count=2000):
    held = []
    for _ in range(count):
        if stop.is_set():
            break
        try:
            sock = socket.create_connection(("127.0.0.1", rig.port), timeout=2)
            sock.sendall(b"GET /healthz HT")
            held.append(sock)
        except OSError:
            time.sleep(0.01)
    stop.wait()
    for sock in held:
        sock.close()
    return f"{len(held)} connections opened"


def trickle(rig, stop, count=200):
    socks = []
    for _ in range(count):
        try:
            socks.append(socket.create_connection(("127.0.0.1", rig.port), timeout=2))
        except OSError:
            break
    cut = 0
    while not stop.wait(1.0):
        for sock in list(socks):
            try:
                sock.sendall(b"G")
            except OSError:
                socks.remove(sock)
                cut += 1
    for sock in socks:
        sock.close()
    return f"{count} trickling, {cut} cut by the server"


def _attacker_socket(rig, code):
    ws = websocket.create_connection(rig.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=2)
    ws.recv()
    ws.send("40/audience," + json.dumps({"code": code, "participant": join(_Http(rig.url), code)}))
    return ws


def flood(frame):
    def attack(rig, stop, target):
        sent = 0
        while not stop.is_set():
            try:
                ws = _attacker_socket(rig, target["event"]["code"])
                while not stop.is_set():
                    ws.send(frame(target, sent))
                    sent += 1
            except (websocket.WebSocketException, OSError):
                continue  # the server stopped reading (send timed out): a new socket
        return f"{sent} packets sent"

    return attack


def vote_packet(target, i):
    body = {"poll_id": target["poll"]["id"], "value": target["poll"]["options"][0]["id"], "client_vote_id": str(i)}
    return f"42/audience,{i}" + json.dumps(["vote", body])


def invalid_packet(target, i):
    return f'42/audience,{i}["vote",{{"poll_id":{i}}}]'


def polling_hoarder(rig, stop, target):
    sessions = dropped = 0
    batch = "\x1e".join(f'42/audience,{i}["sync",{{}}]' for i in range(16))
    while not stop.is_set():
        http = requests.Session()
        base = rig.url + "/socket.io/?EIO=4&transport=polling"
        sid = json.loads(http.get(base, timeout=5).text[1:])["sid"]
        hello = {"code": target["event"]["code"], "participant": join(_Http(rig.url), target["event"]["code"])}
        http.post(f"{base}&sid={sid}", data="40/audience," + json.dumps(hello), timeout=5)
        sessions += 1
        while not stop.is_set():
            if http.post(f"{base}&sid={sid}", data=batch, timeout=10).status_code != 200:
                dropped += 1
                break
    return f"{sessions} polling sessions, {dropped} dropped by the server"


def sync_loop(rig, stop, target, phones=16):
    clients = [
        Phone(rig.url, target["event"]["code"], join(_Http(rig.url), target["event"]["code"])).connect()
        for _ in range(phones)
    ]
    counts = [0] * phones

    def loop(i):
        while not stop.is_set():
            clients[i].call("sync", {})
            counts[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()
    return f"{sum(counts)} syncs by {phones} phones"


def wrong_passwords(rig, stop, target, clients=8):
    answers = []

    def loop():
        http = requests.Session()
        while not stop.is_set():
            reply = http.post(rig.url + "/api/v1/token", json={"email": "bench@example.org", "password": "x" * 12})
            answers.append(reply.status_code)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return f"{len(answers)} sign-ins, {answers.count(429)} refused 429"


ATTACKS = {
    "idle-connections": lambda rig, stop, target: hold_half_requests(rig, stop),
    "trickled-headers": lambda rig, stop, target: trickle(rig, stop),
    "vote-flood": flood(vote_packet),
    "invalid-flood": flood(invalid_packet),
    "polling-hoarder": polling_hoarder,
    "sync-loop": sync_loop,
    "wrong-passwords": wrong_passwords,
}


class _Http:
    """tests.helpers.clients.join's interface over requests."""

    def __init__(self, url):
        self.url = url

    def request(self, method, path, **kwargs):
        reply = requests.request(method, self.url + path, timeout=10, **kwargs)

        class Reply:
            status, body = reply.status_code, reply.json()

        return Reply


def measure(phones, poll, seconds):
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    def loop(i, phone):
        while time.monotonic() < deadline:
            t0 = time.monotonic()
            try:
                ack = phone.vote(poll["id"], poll["options"][i % 2]["id"], uuid.uuid4().hex)
                if ack.get("ok"):
                    latencies.append((time.monotonic() - t0) * 1000)
                else:
                    errors.append(ack.get("error", {}).get("code"))
            except Exception as exc:
                errors.append(type(exc).__name__)

    threads = [threading.Thread(target=loop, args=(i, phone)) for i, phone in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def figures(latencies, errors):
    if len(latencies) < 2:
        return f"{len(latencies)} acks, {len(errors)} errors"
    p99 = statistics.quantiles(latencies, n=100)[98]
    return (
        f"{len(latencies):>6} acks  p50 {statistics.median(latencies):7.1f}  p99 {p99:7.1f}  "
        f"max {max(latencies):8.1f} ms  {len(errors)} errors"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--attacks", default=",".join(ATTACKS))
    args = parser.parse_args()
    raise_open_files_limit()
    rig = Rig().start()
    results = []
    try:
        honest = set_up_poll(rig)
        http = honest["http"]
        event = http.post(rig.url + "/api/v1/events", json={"title": "Attacker's"}, timeout=10).json()
        poll = http.post(
            rig.url + f"/api/v1/events/{event['id']}/polls",
            json={"type": "single", "question": "?", "options": ["a", "b"]},
            timeout=10,
        ).json()
        http.post(rig.url + f"/api/v1/polls/{poll['id']}/open", timeout=10)
        target = {"event": event, "poll": poll}
        code = honest["event"]["code"]
        phones = [Phone(rig.url, code, join(_Http(rig.url), code)).connect() for _ in range(args.phones)]
        for name in args.attacks.split(","):
            quiet = measure(phones, honest["poll"], args.seconds)
            stop, outcome = threading.Event(), []
            attack = ATTACKS[name]
            attacker = threading.Thread(target=lambda a=attack, s=stop, o=outcome: o.append(a(rig, s, target)))
            attacker.start()
            time.sleep(0.5)
            loud = measure(phones, honest["poll"], args.seconds)
            stop.set()
            attacker.join(30)
            alive = rig.server_process.poll() is None
            results.append((name, figures(*quiet), figures(*loud), outcome[0] if outcome else "?", alive))
            print(f"{name}: done", flush=True)
            if not alive:
                break
            time.sleep(1.0)
        for phone in phones:
            phone.close()
    finally:
        rig.stop()
    print(
        f"\nhonest phones: {args.phones}, {args.seconds:g} s quiet then {args.seconds:g} s under attack; "
        "ack latency in ms"
    )
    for name, quiet, loud, outcome, alive in results:
        print(f"\n{name} ({outcome}){'' if alive else '  SERVER DIED'}\n  quiet  {quiet}\n  attack {loud}")
    return 0 if all(alive for *_, alive in results) else 1


if __name__ == "__main__":
    sys.exit(main())
