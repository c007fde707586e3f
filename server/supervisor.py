"""`hetki --workers N`: N server processes on one box, on ports PORT … PORT+N-1 of HOST.

Each is `python -m server --port P` with this process's environment (the first alone runs the job
workers), so all of them use the same
REDIS_URL, or the same DATA_DIR and so its one embedded Redis, both for state and as the Socket.IO
message queue. Phones need one address and the long-polling fallback needs sticky sessions: put
nginx in front (server/deploy/nginx.conf, rendered by `python -m server.deploy.nginx`).
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
    servers = {port: _start(config, port) for port in ports}
    started = dict.fromkeys(ports, time.monotonic())
    log.info("Hetki: %d server processes on %s, ports %d-%d", count, config.HOST, ports[0], ports[-1])
    while not stopping:
        time.sleep(0.2)
        for port, process in servers.items():
            if process.poll() is not None and time.monotonic() - started[port] >= RESTART_DELAY_SECONDS:
                log.error("the server on port %d exited with %s; starting it again", port, process.returncode)
                servers[port], started[port] = _start(config, port), time.monotonic()
    for process in servers.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in servers.values():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
