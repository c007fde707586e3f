"""What one run measures while the phones vote (latency, CPU, Redis commands) and what the
presenter saw of it (results rate, how soon a new voter shows, the final results)."""

import asyncio
import contextlib
import itertools
import json
import os
import time

import redis

from tests.load.crowd import vote_loop
from tests.load.processes import cpu_seconds, machine_ticks, runqueue_wait
from tests.load.report import MAX_RESULTS_PER_SECOND, percentile

# A pure-Python workload shaped like a vote's (JSON, dicts, strings), timed in the benchmark's own
# process (CPU time, best of 7: it moved under 2 % with the other core busy). Machines of one kind
# differ: the previous round's code took 157 us a vote on an AMD EPYC and 217 us on an Intel Xeon
# of the same kind. A CPU limit is therefore given for the machine where REFERENCE_PROBE_US was
# read (the Intel Xeon, 2026-12-03) and scaled by this machine's probe.
REFERENCE_PROBE_US = 4.1


def cpu_probe_us(rounds=7, iterations=20_000):
    payload = {"poll_id": "p3k9x2m1q8w7", "value": ["o1", "o2"], "client_vote_id": "c" * 32, "ok": True}
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for i in range(iterations):
            decoded = json.loads(json.dumps(payload))
            decoded["n"] = i
            f"{decoded['poll_id']}:{i}:{decoded['value'][0]}".encode()
        best = min(best, time.process_time() - started)
    return best * 1e6 / iterations


def most_in_one_second(times):
    times = sorted(times)
    return max(
        (sum(1 for u in times[i : i + MAX_RESULTS_PER_SECOND + 5] if u - t < 1.0) for i, t in enumerate(times)),
        default=0,
    )


async def measure_votes(rig, connected, poll_id, option_ids, args, rng, report):
    """Runs the vote loop with readings around it; puts the figures in `report`, returns the run."""
    server_pid, redis_pid = rig.server_process.pid, rig.redis_process.pid
    r = redis.Redis.from_url(rig.redis_url)
    cmd0 = r.info("stats")["total_commands_processed"]
    stats0 = r.info("commandstats")
    server0, redis0, self0 = cpu_seconds(server_pid), cpu_seconds(redis_pid), time.process_time()
    wait0, ticks0 = runqueue_wait(server_pid), machine_ticks()
    run = await vote_loop(connected, poll_id, option_ids, args.seconds, args.ack_timeout, rng)
    server1, redis1, self1 = cpu_seconds(server_pid), cpu_seconds(redis_pid), time.process_time()
    wait1, ticks1 = runqueue_wait(server_pid), machine_ticks()
    ticks = [b - a for a, b in zip(ticks0, ticks1, strict=False)]
    info_clients = r.info("clients")
    cmd1 = r.info("stats")["total_commands_processed"]
    stats1 = r.info("commandstats")
    wall = run["end"] - run["start"]
    votes = len(run["latencies"])
    lat = sorted(run["latencies"])
    report.update(
        {
            "votes": votes,
            "wall": wall,
            "votes_per_s": votes / wall,
            "p50_ms": percentile(lat, 50) * 1000,
            "p95_ms": percentile(lat, 95) * 1000,
            "p99_ms": percentile(lat, 99) * 1000,
            "max_ms": (lat[-1] if lat else float("nan")) * 1000,
            "server_cpu_us": (server1 - server0) / max(1, votes) * 1e6,
            "server_util": (server1 - server0) / wall,
            "server_waiting": (wait1 - wait0) / wall,
            "loadavg": os.getloadavg()[0],
            "machine_busy": ticks[0] / max(1, ticks[2]),
            "steal": ticks[1] / max(1, ticks[2]),
            "redis_cpu_us": (redis1 - redis0) / max(1, votes) * 1e6,
            "redis_util": (redis1 - redis0) / wall,
            "redis_cmds_per_vote": (cmd1 - cmd0) / max(1, votes),
            "redis_top_commands": sorted(
                (
                    (
                        name.removeprefix("cmdstat_"),
                        (s["calls"] - stats0.get(name, {}).get("calls", 0)) / max(1, votes),
                    )
                    for name, s in stats1.items()
                ),
                key=lambda item: -item[1],
            )[:6],
            "client_util": (self1 - self0) / wall,
            "redis_clients": info_clients["connected_clients"],
            "timeouts": run["timeouts"],
            "errors": dict(run["errors"]),
            "timeline": [run["per_second"].get(s, 0) for s in range(int(wall) + 1)],
        }
    )
    return run


async def watch_presenter(presenter, run, voted, expected_counts, report):
    """Waits up to 3 s for the final results on the presenter; puts what it saw in `report`.
    Returns (when the final results arrived or None, sorted delays until a new voter showed)."""
    wall = run["end"] - run["start"]

    def final(payload):
        return payload.get("total") == len(voted) and payload.get("counts") == expected_counts

    deadline = time.perf_counter() + 3.0
    final_at = None
    while final_at is None and time.perf_counter() < deadline:
        final_at = next((t for t, payload in presenter.results if t >= run["start"] and final(payload)), None)
        if final_at is None:
            presenter.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(presenter.changed.wait(), deadline - time.perf_counter())
    last_ack = run["last_ack"] or run["end"]
    report["final_delay_ms"] = (final_at - last_ack) * 1000 if final_at else None
    during = [t for t, _ in presenter.results if run["start"] <= t <= run["end"]]
    report["results_per_s"] = len(during) / wall
    report["results_max_in_1s"] = most_in_one_second(t for t, _ in presenter.results)
    # The same by the server's own send stamps: what the coalescing rule governs, without the
    # delivery's and this generator's own jitter.
    report["results_max_in_1s_sent"] = most_in_one_second(
        p["sent_at"] / 1000 for _, p in presenter.results if p.get("sent_at")
    )
    gaps = [b - a for a, b in itertools.pairwise(during)]
    # Freshness: the k-th phone to be acked its first vote is in every `results` with
    # total >= k, so the first such message after that ack shows when the presenter saw it.
    firsts = sorted(p.first_ack for p in voted)
    arrivals = sorted((t, payload.get("total", 0)) for t, payload in presenter.results if t >= run["start"])
    seen, j = [], 0
    for k, acked_at in enumerate(firsts, 1):
        while j < len(arrivals) and (arrivals[j][0] < acked_at or arrivals[j][1] < k):
            j += 1
        if j == len(arrivals):
            break
        seen.append(arrivals[j][0] - acked_at)
    seen.sort()
    for q in (50, 95, 99):
        report[f"seen_p{q}_ms"] = percentile(seen, q) * 1000
    report["seen_max_ms"] = (seen[-1] * 1000) if seen else None
    report["seen_missing"] = len(firsts) - len(seen)
    report["results_max_gap_ms"] = max(gaps) * 1000 if gaps else None
    return final_at, seen
