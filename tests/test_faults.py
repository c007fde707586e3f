"""Faults injected for real: Redis missing at start, the server killed with 500 phones voting.

After every fault the counts of each poll must equal what its stored ballots add up to
(tests/ballots.py)."""

import subprocess
import sys
import time

import pytest
import redis
import requests

from server import create_app
from server.config import Config

from .ballots import assert_counts_match_ballots
from .clients import Phone, PresenterScreen, join
from .conftest import ROOT, LiveHttp, LiveServer, sign_in
from .processes import redis_answers, start_redis, wait_until


def health(server):
    try:
        return requests.get(server.url + "/healthz", timeout=2).status_code
    except requests.RequestException:
        return None


def services_over(redis_url, data_dir):
    """Hetki's services on `redis_url`, for setting up organizers the way the CLI does."""
    config = Config(
        REDIS_URL=redis_url, DATA_DIR=data_dir, SECRET_KEY="test-secret", PASSWORD_HASH_METHOD="pbkdf2:sha256:1000"
    )
    return create_app(config).extensions["hetki"]


@pytest.fixture
def redis_later(tmp_path):
    """A Redis url whose server is not running yet; start() starts it. Stopped after the test."""
    folder = tmp_path / "redis"
    folder.mkdir()
    sock = folder / "redis.sock"
    started = []

    class Later:
        url = f"unix://{sock}"

        def start(self):
            started.append(start_redis(sock, folder, "--appendonly", "no"))
            assert redis_answers(self.url), "Redis did not start"

    yield Later()
    for process in started:
        process.terminate()
        process.wait(10)


def test_server_starts_without_redis_and_heals_when_it_comes(tmp_path, redis_later):
    server = LiveServer({"REDIS_URL": redis_later.url, "LOG_LEVEL": "CRITICAL"}, tmp_path / "data")
    server.process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=server.env)
    try:
        assert wait_until(lambda: health(server) == 503, timeout=30), "server did not come up reporting 503"
        # a phone trying during the outage is refused, not left hanging, and the server survives it
        refused = Phone(server.url, "ABCDEF", "token")
        with pytest.raises(Exception):
            refused.connect()
        time.sleep(8)  # an outage long enough for any retry backoff to have grown
        assert health(server) == 503 and server.process.poll() is None

        redis_later.start()
        came_up = time.monotonic()
        assert wait_until(lambda: health(server) == 200, timeout=5, interval=0.05), "not healthy within 5 s"
        healthy_after = time.monotonic() - came_up

        # healthy means working: a vote counts and the presenter hears it within 5 s of Redis starting
        organizer = sign_in(LiveHttp(server.url), services_over(redis_later.url, tmp_path / "cli"), "ada@example.org")
        event = organizer.event()
        poll = organizer.poll(event["id"])
        organizer.open(poll["id"])
        screen = PresenterScreen(server.url, {"token": organizer.token, "event_id": event["id"]}).connect()
        phone = Phone(server.url, event["code"], join(organizer.http, event["code"])).connect()
        try:
            phone.wait_for("state")
            assert phone.vote(poll["id"], "o2")["ok"]
            screen.wait_for("results", lambda r: r["total"] == 1, timeout=max(0.5, 5 - (time.monotonic() - came_up)))
            working_after = time.monotonic() - came_up
        finally:
            phone.close()
            screen.close()
        print(f"healthy {healthy_after:.2f} s and broadcasting {working_after:.2f} s after Redis started")
        assert assert_counts_match_ballots(redis.Redis.from_url(redis_later.url), event["id"], poll["id"]) == 1
    finally:
        server.stop()
