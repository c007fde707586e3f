"""How much memory an export of many responses takes: the server's RSS while it streams each format.

    .venv/bin/python -m tests.load.bench_export --responses 10000,100000

Starts a private Redis and the real server (tests/load/processes.Rig), fills an event with N
responses (10 polls of several types, N/10 participants each answering every poll) through the
domain services in this process, then downloads CSV, XLSX and JSON from the server while sampling
its RSS every 20 ms. Prints the size, time and peak RSS growth over the idle server per format.
Bounded: loopback only, one download at a time, stops by itself.
"""

import argparse
import os
import threading
import time

import requests

from server import create_app
from server.runtime.config import Config
from tests.load.processes import Rig, rss_kb

POLLS = [
    ("single", ["Red", "Green", "Blue"], {}),
    ("multiple", ["A", "B", "C", "D"], {"max_choices": 2}),
    ("rating", None, {}),
    ("nps", None, {}),
    ("wordcloud", None, {"max_entries": 2}),
    ("open", None, {}),
    ("ranking", ["X", "Y", "Z"], {}),
    ("quiz", ["3", "4", "5"], {"correct": 1, "time_limit": 300}),
    ("csat", None, {}),
    ("ces", None, {}),
]
VALUES = {
    "single": lambda i: ["o1", "o2", "o3"][i % 3],
    "multiple": lambda i: ["o1", ["o2", "o3"][i % 2]],
    "rating": lambda i: 1 + i % 5,
    "nps": lambda i: i % 11,
    "wordcloud": lambda i: [f"word{i % 50}", "sisu"],
    "open": lambda i: f"An open answer number {i} with some words in it =1+{i}",
    "ranking": lambda i: [["o1", "o2", "o3"], ["o3", "o1", "o2"]][i % 2],
    "quiz": lambda i: ["o1", "o2", "o3"][i % 3],
    "csat": lambda i: 1 + i % 5,
    "ces": lambda i: 1 + i % 7,
}


def fill(rig, responses):
    """An event with `responses` responses, written through the services as votes would be."""
    config = Config(
        REDIS_URL=rig.redis_url,
        DATA_DIR=rig.dir / "filler",
        SECRET_KEY="x",
        MESSAGE_QUEUE=False,
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
    )
    hetki = create_app(config).extensions["hetki"]
    email = f"bench{responses}@example.org"
    hetki.organizers.create(email, "a long secret")
    event = hetki.events.create(email, f"{responses} responses")
    polls = [hetki.polls.create(event["id"], kind, f"{kind}?", options, settings) for kind, options, settings in POLLS]
    people = [
        hetki.participants.join(event, f"Person {n}" if n % 3 == 0 else None)[0] for n in range(responses // len(polls))
    ]
    for poll in polls:
        hetki.polls.open(event["id"], poll["id"])
        for n, participant in enumerate(people):
            hetki.votes.cast(event["id"], poll["id"], participant, VALUES[poll["type"]](n), f"v{n}")
    token = hetki.organizers.issue_token(email)
    return event, token, len(people) * len(polls)


def download(rig, event, token, fmt):
    pid = rig.server_process.pid
    idle = rss_kb(pid)
    peak, done = [idle], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    size = 0
    with requests.get(
        f"{rig.url}/api/v1/events/{event['id']}/export?format={fmt}",
        headers={"Authorization": f"Bearer {token}"},
        stream=True,
        timeout=600,
    ) as reply:
        reply.raise_for_status()
        for chunk in reply.iter_content(256 * 1024):
            size += len(chunk)
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    return {"size_mb": size / 1e6, "seconds": seconds, "rss_idle_mb": idle / 1024, "growth_mb": (peak[0] - idle) / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", default="10000,100000", help="comma-separated response counts")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; command: python -m tests.load.bench_export --responses {args.responses}")
    print(f"{'responses':>10} {'format':>6} {'size MB':>8} {'seconds':>8} {'idle RSS MB':>12} {'peak growth MB':>15}")
    for wanted in (int(n) for n in args.responses.split(",")):
        rig = Rig().start()
        try:
            event, token, count = fill(rig, wanted)
            for fmt in ("csv", "xlsx", "json"):
                r = download(rig, event, token, fmt)
                print(
                    f"{count:>10} {fmt:>6} {r['size_mb']:>8.1f} {r['seconds']:>8.1f} {r['rss_idle_mb']:>12.1f}"
                    f" {r['growth_mb']:>15.1f}",
                    flush=True,
                )
        finally:
            rig.stop()


if __name__ == "__main__":
    main()
