"""The benchmark's processes: a private Redis and a real server (`Rig`), stopping them, and
readings of CPU time, run-queue wait and memory from /proc."""

import contextlib
import ctypes
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.helpers.processes import free_port, redis_answers, start_redis, wait_until

ROOT = Path(__file__).resolve().parents[2]
CLK_TCK = os.sysconf("SC_CLK_TCK")


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

    def __init__(self, keep=False, server_root=ROOT, env=None, module="server", cpus=None):
        self.cpus = cpus  # `taskset -c` this CPU list for the server (None: no pinning)
        self.server_root = Path(server_root)
        self.module = module  # `python -m` this: the server, or tests.load.bare_server
        self.env = env or {}  # the server's environment on top of this process's
        self.dir = Path(tempfile.mkdtemp(prefix="hetki-bench-"))
        self.keep = keep
        self.redis_process = self.server_process = None
        self.extra_servers = []  # more server processes on the same Redis (add_server)
        self.redis_url = f"unix://{self.dir / 'redis.sock'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server_log = self.dir / "server.log"

    def start(self):
        (self.dir / "redis").mkdir()
        (self.dir / "data").mkdir()
        self.redis_process = start_redis(
            self.dir / "redis.sock",
            self.dir / "redis",
            *("--unixsocketperm", "700", "--appendonly", "yes", "--appendfsync", "everysec"),
            *("--maxclients", "20000", "--logfile", str(self.dir / "redis.log")),
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
            start_new_session=True,
        )  # a Ctrl-C reaches the benchmark only; it stops the children
        if not redis_answers(self.redis_url, 15):
            raise RuntimeError(f"redis-server did not start:\n{tail(self.dir / 'redis.log')}")
        self.server_process = self.spawn_server(self.port, self.server_log, self.cpus)
        healthy = wait_until(
            lambda: (
                self.server_process.poll() is None and requests.get(self.url + "/healthz", timeout=1).status_code == 200
            ),
            30,
        )
        if not healthy:
            raise RuntimeError(f"server did not become healthy:\n{tail(self.server_log)}")
        return self

    def spawn_server(self, port, log_path, cpus=None):
        """Starts `python -m <module>` on `port` against this rig's Redis, pinned to `cpus` if given."""
        env = {
            **os.environ,
            "REDIS_URL": self.redis_url,
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "DATA_DIR": str(self.dir / "data"),
            "SECRET_KEY": "x",
            "LOG_LEVEL": "WARNING",
            "RATE_LIMIT_JOIN_IP": "",  # every benchmark phone joins from 127.0.0.1
            "MAX_CONNECTIONS_PER_ADDRESS": "100000",  # and connects from it
            **self.env,
        }
        pin = ["taskset", "-c", str(cpus)] if cpus is not None else []
        with open(log_path, "wb") as log:
            return subprocess.Popen(
                [*pin, sys.executable, "-m", self.module],
                cwd=self.server_root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
                start_new_session=True,
            )

    def add_server(self, cpus=None):
        """One more server process on this rig's Redis; returns its URL once healthy."""
        port = free_port()
        process = self.spawn_server(port, self.dir / f"server-{port}.log", cpus)
        self.extra_servers.append(process)
        url = f"http://127.0.0.1:{port}"
        if not wait_until(lambda: process.poll() is None and requests.get(url + "/healthz", timeout=1).ok, 30):
            raise RuntimeError(f"server on {port} did not become healthy:\n{tail(self.dir / f'server-{port}.log')}")
        return url

    def stop(self):
        """Stops both; returns the server's exit time on SIGTERM (None: it had to be killed)."""
        for process in self.extra_servers:
            stop_process(process, "extra server", 15)
        if self.server_process is not None and self.server_process.poll() is None:
            print("  stopping the server (SIGTERM) ...", flush=True)
        self.server_stop_seconds = stop_process(self.server_process, "server", 15)
        stop_process(self.redis_process, "redis-server", 10)
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        return self.server_stop_seconds

    def kill_now(self):
        """For the watchdog: no waiting, no cleanup beyond the kill."""
        for process in (*self.extra_servers, self.server_process, self.redis_process):
            if process is not None and process.poll() is None:
                process.kill()

    def server_log_lines(self):
        try:
            return self.server_log.read_text(errors="replace").splitlines()
        except OSError:
            return []


@contextlib.contextmanager
def profiled(pid, path):
    """Samples `pid` with py-spy while the block runs (collapsed stacks to `path`; None: no profile).
    --nonblocking reads the process's memory without pausing it, so the figures barely move."""
    if path is None:
        yield
        return
    spy_bin = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    spy = subprocess.Popen(
        [spy_bin, "record", "--pid", str(pid), "--format", "raw", "--rate", "200", "--nonblocking", "-o", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(30)
        except subprocess.TimeoutExpired:
            spy.kill()
        print(f"  profile: {path}", flush=True)
