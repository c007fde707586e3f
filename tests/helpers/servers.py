"""`python -m server` in a subprocess for a test (real eventlet or gevent, real sockets), and Hetki's
services in-process over any Redis."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import requests

from server import create_app
from server.runtime.config import Config
from tests.helpers.api import LiveHttp
from tests.helpers.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]


class LiveServer:
    """`python -m server` in a subprocess: real eventlet, real sockets."""

    def __init__(self, env, data_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "DATA_DIR": str(data_dir),
            "SECRET_KEY": "test-secret",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=self.env)
        ok = wait_until(lambda: requests.get(self.url + "/healthz", timeout=1).status_code == 200, timeout=30)
        assert ok, "server did not become healthy"
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                if shutil.which("py-spy"):  # shows where a hung server is stuck
                    subprocess.run(["py-spy", "dump", "--pid", str(self.process.pid)])
                self.process.kill()
                raise

    def http(self):
        return LiveHttp(self.url)


def services_over(redis_url, data_dir):
    """Hetki's services on `redis_url`, for setting up organizers the way the CLI does."""
    config = Config(
        REDIS_URL=redis_url, DATA_DIR=data_dir, SECRET_KEY="test-secret", PASSWORD_HASH_METHOD="pbkdf2:sha256:1000"
    )
    return create_app(config).extensions["hetki"]
