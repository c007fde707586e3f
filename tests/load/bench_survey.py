"""Self-paced survey benchmark: N phones answer a 5-question survey at their own pace.

    taskset -c 1 .venv/bin/python -m tests.load.bench_survey --server-cpus 0 [--phones N]

In a private temp directory (tests/load/processes.py: Rig) it starts a redis-server and the real
server, creates an event with five polls (single, rating, nps, open, multiple) and a survey over
them, opens it until now + 10 min, joins N phones over HTTP and connects them to /audience over a
websocket. Each phone then walks the survey: `survey_progress` to a question, a think time of
1-20 s, the answer (`vote` with a client_vote_id), the next question, and `survey_finish` at the
end; a share of the phones (--abandon) leaves at a random question before answering it. A call
that times out or is acked `redis_unavailable` is sent again, as the phone's own code does.

It prints the wall time, answers/s, ack latency, server and Redis CPU per answer, memory per
phone, and checks exactly that every acked answer is counted in the organizer's results, that the
funnel (GET /api/v1/surveys/SID/funnel) is what the phones did and that the tickets are 1..n.
Exit status: 0 when every check passed, 1 when one failed, 2 on an error. Bounded in time
(--timeout, then a watchdog); stops what it started, by pid, on every path.
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
from socketio import exceptions

from tests.load.crowd import Phone, Progress, connect_phones, join_phones, set_up_poll
from tests.load.processes import Rig, cpu_seconds, profiled, raise_open_files_limit, rss_kb, runqueue_wait
from tests.load.survey_report import check_stores, passed, print_report

POLLS = (
    {"type": "single", "question": "Which talk was best?", "options": ["Keynote", "Panel", "Demo", "Workshop"]},
    {"type": "rating", "question": "Rate the venue"},
    {"type": "nps", "question": "How likely are you to recommend this event?"},
    {"type": "open", "question": "What should we improve?"},
    {
        "type": "multiple",
        "question": "Which days did you attend?",
        "options": ["Mon", "Tue", "Wed", "Thu", "Fri"],
        "settings": {"max_choices": 3},
    },
)
TRIES = 10
TEXTS = ("More coffee", "Longer breaks", "Better wifi", "Bigger room", "Fewer slides")


class SurveyPhone(Phone):
    __slots__ = ("answers", "done_at", "plan", "reached", "ticket")

    def __init__(self, index, plan):
        super().__init__(index)
        self.plan = plan  # (think times, values, the position it leaves at or None)
        self.answers = {}  # position -> acked value
        self.reached = None  # the highest position acked by survey_progress
        self.ticket = None
        self.done_at = None


def set_up_survey(rig):
    """An organizer (crowd.set_up_poll's: its own event keeps the live poll), then an event with the
    five polls and a survey over them, open for 10 minutes."""
    base = set_up_poll(rig)
    http = base["http"]

    def call(method, path, expect, **kwargs):
        reply = http.request(method, rig.url + path, timeout=30, **kwargs)
        if reply.status_code != expect:
            raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.text[:300]}")
        return reply.json()

    event = call("POST", "/api/v1/events", 201, json={"title": "Survey benchmark"})
    call("PATCH", f"/api/v1/events/{event['id']}", 200, json={"join_limit": 100_000})
    polls = [call("POST", f"/api/v1/events/{event['id']}/polls", 201, json=spec) for spec in POLLS]
    survey = call(
        "POST",
        f"/api/v1/events/{event['id']}/surveys",
        201,
        json={"title": "Feedback", "poll_ids": [p["id"] for p in polls]},
    )
    closes_at = int(time.time() * 1000) + 600_000
    call("POST", f"/api/v1/surveys/{survey['id']}/open", 200, json={"closes_at": closes_at})
    return {"event": event, "polls": polls, "survey": survey, "call": call, "http": http}


def plan_for(rng, polls, abandon_share, think):
    values = []
    for poll in polls:
        options = [o["id"] for o in poll.get("options") or []]
        values.append(
            {
                "single": lambda o=options: rng.choice(o),
                "rating": lambda: rng.randint(1, 5),
                "nps": lambda: rng.randint(0, 10),
                "open": lambda: rng.choice(TEXTS),
                "multiple": lambda o=options: rng.sample(o, rng.randint(1, 3)),
            }[poll["type"]]()
        )
    leaves_at = rng.randrange(len(polls)) if rng.random() < abandon_share else None
    return [rng.uniform(*think) for _ in polls], values, leaves_at


async def walk(phone, sid, polls, run, ack_timeout):
    """One phone through the survey; every ack's latency and outcome goes into `run`."""

    async def call(kind, event, data):
        # As the phone does (static/js/socket.js emitWithRetry, audience/static/outbox.js): a call
        # that timed out or was acked `redis_unavailable` is sent again after 1-3 s, same payload.
        for attempt in range(TRIES):
            if attempt:
                await asyncio.sleep(1 + 2 * random.random())
            sent = time.perf_counter()
            try:
                ack = await phone.sio.call(event, data, namespace="/audience", timeout=ack_timeout)
            except exceptions.TimeoutError:
                run["retried"][f"{event} timed out"] += 1
                continue
            if isinstance(ack, dict) and ack.get("ok"):
                now = time.perf_counter()
                run["latency"][kind].append(now - sent)
                run["acked_at"].append(now)
                return ack
            code = ack.get("error", {}).get("code") if isinstance(ack, dict) else repr(ack)
            if code != "redis_unavailable":
                run["errors"][f"{event}: {code}"] += 1
                return None
            run["retried"][f"{event} {code}"] += 1
        run["errors"][f"{event}: no ack in {TRIES} tries"] += 1
        phone.uncertain = True
        return None

    thinks, values, leaves_at = phone.plan
    try:
        for position, poll in enumerate(polls):
            kind = "progress" if position else "opening"  # every phone opens the survey at once
            if await call(kind, "survey_progress", {"survey_id": sid, "position": position}):
                phone.reached = position
            if position == leaves_at:
                return
            await asyncio.sleep(thinks[position])
            vote = {"poll_id": poll["id"], "value": values[position], "client_vote_id": f"s{phone.index}-{position}"}
            if await call("answer", "vote", vote):
                phone.answers[position] = values[position]
        ack = await call("finish", "survey_finish", {"survey_id": sid})
        if ack:
            phone.ticket = ack.get("ticket")
    except Exception as exc:  # disconnected, ...
        run["errors"][f"exception {type(exc).__name__}"] += 1
        phone.uncertain = True
    finally:
        phone.done_at = time.perf_counter()
        run["progress"].done += 1


async def bench(args, rig, report):
    setup = await asyncio.to_thread(set_up_survey, rig)
    event, sid = setup["event"], setup["survey"]["id"]
    polls = setup["polls"]
    pid = rig.server_process.pid
    rng = random.Random(args.seed)
    phones = [SurveyPhone(i, plan_for(rng, polls, args.abandon, (1.0, args.max_think))) for i in range(args.phones)]
    print(f"  joining {args.phones} phones over HTTP ...", flush=True)
    await join_phones(rig.url, event["code"], phones, args.concurrency)
    ws_session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar())
    try:
        gc.collect()
        rss0 = rss_kb(pid)
        print(f"  connecting {args.phones} phones to /audience (websocket) ...", flush=True)
        await connect_phones(rig.url, event["code"], phones, ws_session, args.concurrency, thin=not args.full_clients)
        connected = [p for p in phones if p.sio is not None]
        await asyncio.sleep(1.0)  # let `state` messages land
        report.update(connected=len(connected), states=sum(1 for p in connected if p.states))
        report["kb_per_phone"] = (rss_kb(pid) - rss0) / max(1, len(connected))
        if not connected:
            raise RuntimeError("no phone connected: " + next((p.error for p in phones if p.error), "?"))
        sample = (await connected[0].sio.call("sync", {}, namespace="/audience", timeout=30))["state"]["survey"]
        report["state_has_survey"] = bool(sample) and [p["id"] for p in sample["polls"]] == [p["id"] for p in polls]

        gc.collect()
        gc.freeze()  # the generator's collector would otherwise walk thousands of clients
        idle0 = cpu_seconds(pid)  # the connected crowd's own cost (pings, ticks), taken off per answer
        await asyncio.sleep(5.0)
        report["idle_util"] = (cpu_seconds(pid) - idle0) / 5.0
        print(f"  {len(connected)} phones walking the survey ...", flush=True)
        run = {"latency": collections.defaultdict(list), "acked_at": [], "errors": collections.Counter()}
        run["retried"] = collections.Counter()
        cpu0, redis0, wait0 = cpu_seconds(pid), cpu_seconds(rig.redis_process.pid), runqueue_wait(pid)
        start = time.perf_counter()
        profile = os.path.join(args.profile, f"survey-{args.phones}.txt") if args.profile else None
        with Progress("phones done", len(connected), every=10.0) as progress, profiled(pid, profile):
            run["progress"] = progress
            await asyncio.gather(*(walk(p, sid, polls, run, args.ack_timeout) for p in connected))
        wall = max(p.done_at for p in connected) - start
        server_cpu, redis_cpu = cpu_seconds(pid) - cpu0, cpu_seconds(rig.redis_process.pid) - redis0
        answers = len(run["latency"]["answer"])
        buckets = collections.Counter(int((t - start) // 10) for t in run["acked_at"])
        lat = {kind: sorted(values) for kind, values in run["latency"].items()}
        report.update(
            wall=wall,
            answers=answers,
            answers_per_s=answers / wall,
            lat=lat,
            server_cpu_us=server_cpu / max(1, answers) * 1e6,
            server_call_us=server_cpu / max(1, len(run["acked_at"])) * 1e6,
            server_net_us=(server_cpu - report["idle_util"] * wall) / max(1, answers) * 1e6,
            redis_cpu_us=redis_cpu / max(1, answers) * 1e6,
            server_util=server_cpu / wall,
            server_waiting=(runqueue_wait(pid) - wait0) / wall,
            rss_end_mb=rss_kb(pid) / 1024,
            loadavg=os.getloadavg()[0],
            errors=dict(run["errors"]),
            retried=dict(run["retried"]),
            connect_failures=dict(collections.Counter(p.error[:100] for p in phones if p.error).most_common(3)),
            timeline=[buckets.get(n, 0) for n in range(int(wall // 10) + 1)],
        )
        checks = {
            "all phones connected": len(connected) == args.phones,
            "every phone got state": report["states"] == len(connected),
            "a phone's state carries the open survey and its polls in order": report["state_has_survey"],
            "every call acked (retried as phones do)": not run["errors"],
            "every phone done within 2 minutes": wall <= 120,
        }
        checks.update(await asyncio.to_thread(check_stores, setup, connected, polls, report))
        report["checks"] = checks
    finally:
        gc.unfreeze()
        setup["http"].close()  # an idle keep-alive connection would hold the server open on SIGTERM
        print("  disconnecting ...", flush=True)
        clients = [p.sio for p in phones if p.sio is not None]
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True), 30)
        await ws_session.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=3000, help="phones (default 3000)")
    parser.add_argument("--abandon", type=float, default=0.10, help="share of phones that leave midway (0.10)")
    parser.add_argument("--max-think", type=float, default=20.0, help="longest think time per question, s (20)")
    parser.add_argument("--concurrency", type=int, default=100, help="joins and connects in flight at once")
    parser.add_argument("--ack-timeout", type=float, default=5.0, help="seconds to wait for one ack (5, as phones)")
    parser.add_argument("--timeout", type=float, default=330.0, help="hard cap of the run in seconds (330)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-cpus", default=None, help="pin the server with `taskset -c` (e.g. 0)")
    parser.add_argument("--full-clients", action="store_true", help="python-socketio clients, not thin_client.py")
    parser.add_argument("--profile", default=None, metavar="DIR", help="py-spy the server while phones walk")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory (logs, AOF)")
    args = parser.parse_args()
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
    if args.phones < 1 or not 0 <= args.abandon <= 1 or args.max_think < 1:
        parser.error("--phones >= 1, 0 <= --abandon <= 1, --max-think >= 1")
    if raise_open_files_limit() < args.phones + 200:
        print("warning: too few open files allowed for this many phones", file=sys.stderr)
    gc.set_threshold(100_000, 50, 1000)
    report = {"load_before": os.getloadavg()[0]}
    rig = Rig(keep=args.keep, cpus=args.server_cpus)

    def watchdog():  # last resort when the event loop itself is stuck
        print(f"\n!! hard timeout ({args.timeout + 30:.0f}s) with the event loop stuck; killing", file=sys.stderr)
        rig.kill_now()
        os._exit(2)

    timer = threading.Timer(args.timeout + 30, watchdog)
    timer.daemon = True
    timer.start()
    try:
        print(f"=== {args.phones} phones: redis + server in {rig.dir}", flush=True)
        rig.start()
        asyncio.run(asyncio.wait_for(bench(args, rig, report), args.timeout))
    except TimeoutError:
        report["error"] = f"hard timeout: the run took longer than {args.timeout:.0f}s"
    except KeyboardInterrupt:
        report["error"] = "interrupted"
    except Exception as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    finally:
        timer.cancel()
        if rig.server_process is not None and rig.server_process.poll() is not None:
            report.setdefault("error", f"server exited with {rig.server_process.returncode}")
        log = [line for line in rig.server_log_lines() if line.strip()]
        if log:
            print(f"  server log ({len(log)} lines), last ones:\n    " + "\n    ".join(log[-15:]))
        report["stop_s"] = rig.stop()
        print_report(args, report)
    return 2 if report.get("error") else 0 if passed(report) else 1


if __name__ == "__main__":
    sys.exit(main())
