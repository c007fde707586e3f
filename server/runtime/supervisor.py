"""`hetki --workers N`: N server processes on one box, on ports PORT … PORT+N-1 of HOST.

Each is `python -m server --port P` with this process's environment (the first alone runs the job
workers), so all of them use the same
REDIS_URL, or the same DATA_DIR and so its one embedded Redis, both for state and as the Socket.IO
message queue. Phones need one address and the long-polling fallback needs sticky sessions: put
nginx in front (server/runtime/deploy/nginx.conf, rendered by `python -m server.runtime.deploy.nginx`).

`Slots` keeps processes running: these servers here, and a server's own job workers (__main__.py).
"""

import logging
import os
import signal
import subprocess
import sys
import time

RESTART_DELAY_SECONDS = 1.0  # a process that keeps crashing is restarted at most this often
STOP_SECONDS = 10  # each server stops within ~2 s of SIGTERM; then SIGKILL

log = logging.getLogger("hetki")


class Slots:
    """Processes by slot, each started again when it exits, at most once per RESTART_DELAY_SECONDS.
    Nothing here blocks, so a green thread of the server may call `restart_exited` too."""

    def __init__(self, start, name):
        self.start = start  # slot -> a started Popen
        self.name = name  # slot -> what the log calls it
        self.processes = {}
        self.started = {}
        self.stopping = False

    def start_all(self, slots):
        for slot in slots:
            self.processes[slot], self.started[slot] = self.start(slot), time.monotonic()
        return self

    def restart_exited(self):
        for slot, process in self.processes.items():
            if self.stopping:
                return
            if process.poll() is not None and time.monotonic() - self.started[slot] >= RESTART_DELAY_SECONDS:
                log.error("%s exited with %s; starting it again", self.name(slot), process.returncode)
                self.processes[slot], self.started[slot] = self.start(slot), time.monotonic()

    def stop(self, seconds):
        """SIGTERM to each, SIGKILL to those still running `seconds` later; no restarts from now on."""
        self.stopping = True
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + seconds
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _start(config, port):
    """One server; only the first starts job workers (WORKERS), so N servers do not make N × WORKERS."""
    env = os.environ if port == config.PORT else {**os.environ, "WORKERS": "0"}
    return subprocess.Popen([sys.executable, "-m", "server", "--host", config.HOST, "--port", str(port)], env=env)


def run(count, config):
    """Starts the servers, restarts one that dies, and stops them all on SIGTERM or SIGINT."""
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    ports = range(config.PORT, config.PORT + count)
    servers = Slots(lambda port: _start(config, port), lambda port: f"the server on port {port}").start_all(ports)
    log.info("Hetki: %d server processes on %s, ports %d-%d", count, config.HOST, ports[0], ports[-1])
    while not stopping:
        time.sleep(0.2)
        servers.restart_exited()
    servers.stop(STOP_SECONDS)
