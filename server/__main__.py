"""`hetki` or `python -m server`: the eventlet server, with the embedded Redis when REDIS_URL is unset.

Monkey-patching must come before Flask, redis-py or socket.io are imported, hence the imports
below it (E402 is off for this file in pyproject.toml).
"""

import argparse
import warnings

# eventlet 0.36+ warns on import that it is deprecated; the warning is meant for library authors
# choosing an async library, and printed at every start it alarms operators who cannot act on it.
# The README's "Async mode" section says where eventlet stands and how to run on gevent instead.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet

eventlet.monkey_patch()

import gc
import logging
import resource
import signal
import sys

import eventlet.wsgi

from . import create_app, jobs, redis_embedded
from .config import ENVIRONMENT, Config


def raise_open_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def listener(config):
    sock = eventlet.listen((config.HOST, config.PORT), backlog=4096)
    if config.CERT_FILE:
        sock = eventlet.wrap_ssl(sock, certfile=config.CERT_FILE, keyfile=config.KEY_FILE, server_side=True)
    return sock


class ConnectionPool(eventlet.GreenPool):
    """Green threads of connections; on shutdown open websockets get a short grace, not forever."""

    SHUTDOWN_GRACE_SECONDS = 3

    def waitall(self):
        with eventlet.Timeout(self.SHUTDOWN_GRACE_SECONDS, False):
            super().waitall()


def parse_arguments(argv=None):
    settings = "\n".join(f"  {name:<26} {meaning}" for name, meaning in ENVIRONMENT)
    parser = argparse.ArgumentParser(
        prog="hetki",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Serve Hetki live polling (the same as `python -m server`). With no REDIS_URL, "
        "a private Redis is started under DATA_DIR.",
        epilog=f"Settings come from environment variables:\n{settings}\n\n"
        "Organizer accounts: flask --app server create-organizer EMAIL --password PASSWORD",
    )
    parser.add_argument("--host", help="address to listen on (HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (PORT)")
    return parser.parse_args(argv)


def main(argv=None):
    arguments = parse_arguments(argv)
    overrides = {name.upper(): value for name, value in vars(arguments).items() if value is not None}
    config = Config(**overrides)
    logging.basicConfig(level=config.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    raise_open_files_limit()
    # Default thresholds cost ~40 % of throughput and 0.5 s pauses with thousands of sockets.
    gc.set_threshold(100_000, 50, 1000)
    # Offloaded Python work (an XLSX export) holds the GIL; the loop thread, back from each socket
    # call, waits up to this interval for it: 5 ms by default, several times per vote.
    sys.setswitchinterval(0.001)
    app = create_app(config)
    redis_url = app.config["HETKI_REDIS_URL"]
    if not config.REDIS_URL:
        redis_embedded.register_process(redis_url)
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    app.extensions["hetki_broadcaster"].start()
    jobs.start_retention_sweeper(app.extensions["socketio"], app.extensions["hetki"], config.RETENTION_SWEEP_SECONDS)
    scheme = "https" if config.CERT_FILE else "http"
    log = logging.getLogger("hetki")
    log.info("Hetki serving on %s://%s:%s (Redis %s)", scheme, config.HOST, config.PORT, redis_url)
    sock, pool = listener(config), ConnectionPool(config.MAX_CONNECTIONS)
    server = eventlet.spawn(
        eventlet.wsgi.server, sock, app, custom_pool=pool, log_output=False, keepalive=True, socket_timeout=60
    )
    try:
        while not stopping and not server.dead:
            eventlet.sleep(0.2)
        if server.dead:
            try:
                server.wait()
                log.error("the HTTP server stopped by itself")
            except BaseException:
                log.exception("the HTTP server failed")
        else:
            log.info("stopping on a signal")
        sock.close()
        pool.waitall()
    finally:
        if not config.REDIS_URL:
            redis_embedded.release(redis_url)


if __name__ == "__main__":
    main()
