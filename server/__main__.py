"""`hetki` or `python -m server`: the server (eventlet, or gevent with ASYNC_MODE=gevent), with the
embedded Redis when REDIS_URL is unset; `hetki --workers N`: N of them (server/runtime/supervisor.py);
`hetki worker`: a job worker (server/jobs/worker.py).

Monkey-patching must come before Flask, redis-py or socket.io are imported, hence the imports
below it (E402 is off for this file in pyproject.toml). A worker is never patched: its model runs
in OS threads that green ones would starve, so the command line is read before anything else.
"""

import argparse
import sys

# Both import nothing heavy. serving.monkey_patch says why eventlet's deprecation warning is not printed.
from .runtime.config import async_mode_setting
from .runtime.serving import monkey_patch

ASYNC_MODE = async_mode_setting()
WORKER_COMMAND = "worker"
if sys.argv[1:2] != [WORKER_COMMAND]:
    monkey_patch(ASYNC_MODE)

import gc
import logging
import os
import resource
import signal
import subprocess
import threading
from pathlib import Path

from . import create_app
from .jobs import sweeper
from .runtime import private_files, redis_embedded, serving, supervisor
from .runtime.config import Config, help_text


def raise_open_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="hetki",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Serve Hetki live polling (the same as `python -m server`). With no REDIS_URL, "
        "a private Redis is started under DATA_DIR.",
        epilog=f"{help_text()}\n\n"
        "Organizer accounts: flask --app server create-organizer EMAIL (asks for the password; "
        "--password-stdin reads it from a pipe)",
    )
    parser.add_argument("--host", help="address to listen on (HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (PORT)")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="run N server processes on ports PORT … PORT+N-1, sharing one Redis; put nginx in front "
        "(docs/deploying.md, 'Past one machine')",
    )
    commands = parser.add_subparsers(dest="command", metavar="{worker}")
    worker = commands.add_parser(
        WORKER_COMMAND,
        help="run a job worker (transcripts) against the same Redis and MEDIA_DIR; run it again for more",
    )
    worker.add_argument("--parent", type=int, help=argparse.SUPPRESS)  # the server that started it
    return parser.parse_args(argv)


WORKER_STOP_SECONDS = 5  # an idle worker leaves at once on SIGTERM, a busy one hands its job back
WORKER_WATCH_SECONDS = 0.5


def start_workers(config):
    """The server's own workers (WORKERS, default 1): subprocesses that end when the server does."""
    command = [sys.executable, "-m", "server", WORKER_COMMAND, "--parent", str(os.getpid())]
    return supervisor.Slots(lambda _slot: subprocess.Popen(command), lambda slot: f"job worker {slot + 1}").start_all(
        range(config.WORKERS)
    )


def watch_workers(socketio, workers):
    """A green thread that starts a worker again when one exits (killed, out of memory, crashed):
    with the default single worker, nothing else would ever take the jobs."""

    def watch():
        while not workers.stopping:
            socketio.sleep(WORKER_WATCH_SECONDS)
            workers.restart_exited()

    if workers.processes:
        socketio.start_background_task(watch)


def main(argv=None):
    arguments = parse_arguments(argv)
    private_files.restrict_new_files()  # before Config: it may write the secret key; children inherit it
    if arguments.command == WORKER_COMMAND:
        return run_worker(Config(), arguments.parent)
    overrides = {
        name: value for name, value in (("HOST", arguments.host), ("PORT", arguments.port)) if value is not None
    }
    config = Config(**overrides)
    logging.basicConfig(level=config.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if arguments.workers > 1:
        return supervisor.run(arguments.workers, config)
    raise_open_files_limit()
    # Default thresholds cost ~40 % of throughput and 0.5 s pauses with thousands of sockets.
    gc.set_threshold(100_000, 50, 1000)
    # Offloaded Python work (an XLSX export) holds the GIL; the loop thread, back from each socket
    # call, waits up to this interval for it: 5 ms by default, several times per vote.
    sys.setswitchinterval(0.001)
    app = create_app(config)
    redis_url = app.config["HETKI_REDIS_URL"]  # create_app registered this process with an embedded one
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    app.extensions["hetki_broadcaster"].start()
    sweeper.start_retention_sweeper(app.extensions["socketio"], app.extensions["hetki"], config.RETENTION_SWEEP_SECONDS)
    workers = start_workers(config)
    watch_workers(app.extensions["socketio"], workers)
    scheme = "https" if config.CERT_FILE else "http"
    log = logging.getLogger("hetki")
    log.info("Hetki serving on %s://%s:%s (Redis %s, %s)", scheme, config.HOST, config.PORT, redis_url, ASYNC_MODE)
    try:
        serving.serve(ASYNC_MODE, app, config, stopping)
    finally:
        workers.stop(WORKER_STOP_SECONDS)  # before Redis: the last process to leave the embedded one stops it
        if not config.REDIS_URL:
            # Stopping the embedded Redis ends the message queue's subscription, which
            # python-socketio logs as an error and retries; this process no longer serves.
            logging.getLogger("socketio.server").setLevel(logging.CRITICAL)
            redis_embedded.release(redis_url)
    # Everything is closed; the interpreter would now tear down thousands of suspended green threads
    # one by one, which took longer than the whole stop (over 15 s with 10,000 phones connected).
    logging.shutdown()
    os._exit(0)


def run_worker(config, parent=None) -> None:
    """`hetki worker`: one worker until SIGTERM/SIGINT, or until `parent` (the server) is gone."""
    from .domain.text import configure_profanity
    from .jobs.worker import NICENESS, Stopping, Worker
    from .runtime.disk import DiskReserve
    from .store import Store

    log = logging.getLogger("hetki.worker")
    logging.basicConfig(level=config.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    configure_profanity(
        Path(config.PROFANITY_WORDS_FILE).read_text() if config.PROFANITY_WORDS_FILE else "", config.PROFANITY_FILTER
    )
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    url = config.REDIS_URL or redis_embedded.use(config.DATA_DIR)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    # the MP4 copies it makes count against the free space uploads never take
    reserve = DiskReserve([config.MEDIA_DIR, config.DATA_DIR], config.DISK_RESERVE_BYTES, config.DISK_RESERVE_PERCENT)
    worker = Worker(Store(url, 4), config, reserve=reserve)
    log.info("worker %s taking jobs (Redis %s)", worker.name, url)
    try:
        worker.run(lambda: stop.is_set() or (parent is not None and os.getppid() != parent))
    except Stopping:
        log.info("worker %s stopping; its job went back to the queue", worker.name)
    finally:
        worker.drop_lease()
        if not config.REDIS_URL:
            redis_embedded.release(url)


if __name__ == "__main__":
    main()
