"""Burst, open-loop, reveal and multi-process benchmarks against the real server (issue 11).

    .venv/bin/python -m tests.load.bench_scenarios burst  --phones 10000
    .venv/bin/python -m tests.load.bench_scenarios open   --phones 3000 --rate 1000 --seconds 20
    .venv/bin/python -m tests.load.bench_scenarios reveal --phones 10000
    .venv/bin/python -m tests.load.bench_scenarios closed --phones 1000 --servers 2 --server-cpus 0,1

Each run starts its own Redis and `python -m server` (tests/load/processes.py), an organizer's
open 4-option poll, joins and connects the phones (split round-robin over the servers), runs
the scenario, then checks the tally from the API against what the phones were acked.
--server-cpus pins server i to the i-th CPU listed (taskset); run the benchmark itself under
`taskset -c N` to pin the load generator (and the Redis it starts) too. --thin connects the phones
as tests/load/thin_client.py's ThinClient rather than python-socketio's AsyncClient: a few
microseconds of the generator's one core per received message rather than ~50, so a message
written to 10,000 phones arrives at a pace set by the server.
Exit status: 0 when the checks passed, 1 when one failed, 2 on an error.
"""

import argparse
import asyncio
import collections
import contextlib
import gc
import json
import os
import random
import sys
import threading
import time

import aiohttp

from tests.load import scenarios
from tests.load.crowd import Phone, connect_phones, join_phones, set_up_poll
from tests.load.processes import ROOT, Rig, cpu_seconds, machine_ticks, raise_open_files_limit
from tests.load.report import machine, revision


async def bench(args, rig, urls, report):
    setup = await asyncio.to_thread(set_up_poll, rig)
    event, poll = setup["event"], setup["poll"]
    option_ids = [o["id"] for o in poll["options"]]
    phones = [Phone(i) for i in range(args.phones)]
    print(f"  joining {args.phones} phones ...", flush=True)
    await join_phones(rig.url, event["code"], phones, args.concurrency)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar())
    try:
        print(f"  connecting them to {len(urls)} server(s) ...", flush=True)
        t0 = time.perf_counter()
        for k, url in enumerate(urls):
            await connect_phones(url, event["code"], phones[k :: len(urls)], session, args.concurrency, thin=args.thin)
        connected = [p for p in phones if p.sio is not None]
        report["connected"] = len(connected)
        report["connect_s"] = time.perf_counter() - t0
        await asyncio.sleep(1.0)
        gc.collect()
        gc.freeze()
        if args.nice:
            os.nice(args.nice)  # the generator only: the servers and Redis are already running
        pids = [rig.server_process.pid, *(p.pid for p in rig.extra_servers)]
        cpu0, redis0, self0, ticks0 = (
            [cpu_seconds(p) for p in pids],
            cpu_seconds(rig.redis_process.pid),
            time.process_time(),
            machine_ticks(),
        )
        t0 = time.perf_counter()
        rng = random.Random(args.seed)
        print(f"  {args.scenario} with {len(connected)} phones ...", flush=True)
        if args.scenario == "burst":
            run = await scenarios.burst(connected, poll["id"], option_ids, args.ack_timeout)
        elif args.scenario == "open":
            run = await scenarios.open_loop(
                connected, poll["id"], option_ids, args.rate, args.seconds, args.ack_timeout, rng
            )
        elif args.scenario == "reveal":

            def do_reveal():
                reply = setup["http"].post(f"{rig.url}/api/v1/polls/{poll['id']}/reveal", json={}, timeout=30)
                reply.raise_for_status()

            run = await scenarios.reveal(
                connected, poll["id"], option_ids, do_reveal, args.rounds, args.ack_timeout, args.gap
            )
        else:
            run = await scenarios.closed_loop(connected, poll["id"], option_ids, args.seconds, args.ack_timeout, rng)
        wall = time.perf_counter() - t0
        ticks = [b - a for a, b in zip(ticks0, machine_ticks(), strict=False)]
        server_cpu = [cpu_seconds(p) - c for p, c in zip(pids, cpu0, strict=False)]
        report["run"] = run
        report["cpu"] = {
            "servers_util": [round(c / wall, 2) for c in server_cpu],
            "server_cpu_us_per_vote": round(sum(server_cpu) / max(1, run.get("acked", 1)) * 1e6),
            "redis_util": round((cpu_seconds(rig.redis_process.pid) - redis0) / wall, 2),
            "generator_util": round((time.process_time() - self0) / wall, 2),
            "machine_busy": round(ticks[0] / max(1, ticks[2]), 2),
            "loadavg_1min": os.getloadavg()[0],
        }
        await asyncio.sleep(1.0)
        api = await asyncio.to_thread(setup["results"])
        setup["http"].close()
        voted = [p for p in connected if p.last_value is not None or p.votes]
        report["api_total"] = api["total"]
        checks = {"all phones connected": len(connected) == args.phones, "no vote errors": not run.get("errors")}
        if args.scenario == "burst":
            expected = collections.Counter(p.last_value for p in voted)
            counts = {k: int(v) for k, v in api["counts"].items()}
            checks["every vote kept (API counts == acked votes)"] = counts == {
                o: expected.get(o, 0) for o in option_ids
            }
            checks["every phone acked"] = run["acked"] == args.phones
            checks["all acked <= 5 s"] = (run["max_ms"] or 1e9) <= 5000
        elif args.scenario == "reveal":
            checks["every phone got the revealed poll"] = run["reveal_all"]
            checks["every phone got each new result <= 500 ms"] = all(
                r.get("all") and r["max_ms"] <= 500 for r in run["rounds"]
            )
        elif args.scenario == "open":
            checks["API total == phones that voted"] = api["total"] == len(voted)
        report["checks"] = checks
    finally:
        print("  disconnecting ...", flush=True)
        clients = [p.sio for p in phones if p.sio is not None]
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True), 30)
        await session.close()
        gc.unfreeze()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=("burst", "open", "reveal", "closed"))
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0, help="open / closed loop: voting time")
    parser.add_argument("--rate", type=float, default=1000.0, help="open loop: votes a second offered in all")
    parser.add_argument("--rounds", type=int, default=3, help="reveal: single votes timed to every phone")
    parser.add_argument("--gap", type=float, default=1.5, help="reveal: seconds before each timed vote")
    parser.add_argument("--servers", type=int, default=1, help="server processes on the one Redis")
    parser.add_argument("--server-cpus", default=None, help="comma list: pin server i to the i-th CPU (taskset)")
    parser.add_argument("--nice", type=int, default=0, help="renice the load generator once the crowd is connected")
    parser.add_argument(
        "--thin",
        action="store_true",
        help="phones as thin raw-websocket clients: the generator's cost per message drops from ~50 us "
        "to a few, so arrival times measure the server",
    )
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--ack-timeout", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=None, help="hard cap (default 120 + 2*seconds + phones/30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    cpus = args.server_cpus.split(",") if args.server_cpus else []
    raise_open_files_limit()
    gc.set_threshold(100_000, 50, 1000)
    rig = Rig(keep=args.keep, cpus=cpus[0] if cpus else None)
    report = {"scenario": args.scenario, "phones": args.phones, "servers": args.servers, "thin": args.thin}
    cap = args.timeout or (120 + 2 * args.seconds + args.phones / 30)
    timer = threading.Timer(cap + 60, lambda: (rig.kill_now(), os._exit(3)))
    timer.daemon = True
    timer.start()
    try:
        client = "thin" if args.thin else "python-socketio"
        print(f"=== {args.scenario}, {args.phones} {client} phones, {args.servers} server(s) in {rig.dir}", flush=True)
        rig.start()
        urls = [rig.url] + [rig.add_server(cpus[k] if k < len(cpus) else None) for k in range(1, args.servers)]
        asyncio.run(asyncio.wait_for(bench(args, rig, urls, report), cap))
    except Exception as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        timer.cancel()
        report["stop_s"] = rig.stop()
    print(f"\nmachine: {machine()}; server at {revision(ROOT)}")
    print(
        f"command: {' '.join([os.path.relpath(sys.executable, ROOT), '-m', 'tests.load.bench_scenarios', *sys.argv[1:]])}"
    )
    print(json.dumps(report, indent=1, default=str))
    if report.get("error"):
        return 2
    return 0 if all(report.get("checks", {0: False}).values()) else 1


if __name__ == "__main__":
    sys.exit(main())
