"""The embedded Redis of a DATA_DIR: started on demand, shared, persistent across restarts."""

import os
import subprocess
import sys
from pathlib import Path

import redis
import requests

from tests.helpers.api import Organizer
from tests.helpers.clients import Phone, join
from tests.helpers.processes import wait_until
from tests.helpers.servers import ROOT, LiveServer


def cli(data_dir, *args, password=None):
    env = {**os.environ, "DATA_DIR": str(data_dir), "SECRET_KEY": "test-secret"}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "server", *args],
        cwd=ROOT,
        env=env,
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


def redis_pid(data_dir):
    pidfile = data_dir / "redis.pid"
    return int(pidfile.read_text()) if pidfile.exists() else None


def test_restart_with_same_data_dir_keeps_everything(tmp_path):
    data_dir = tmp_path / "data"
    created = cli(data_dir, "create-organizer", "ada@example.org", "--password-stdin", password="pw-123456")
    assert created.returncode == 0, created.stderr
    assert redis_pid(data_dir) is None or not os.path.exists(f"/proc/{redis_pid(data_dir)}"), (
        "the CLI stops the Redis it started when no server uses it"
    )

    server = LiveServer({"REDIS_URL": ""}, data_dir).start()
    try:
        assert (data_dir / "redis" / "appendonly.aof").exists() or (data_dir / "redis" / "appendonlydir").exists()
        http = server.http()
        token = http.request("POST", "/api/v1/token", json={"email": "ada@example.org", "password": "pw-123456"}).body[
            "token"
        ]
        organizer = Organizer(http, token, "ada@example.org")
        event = organizer.event()
        poll = organizer.poll(event["id"])
        organizer.open(poll["id"])
        participant = join(http, event["code"])
        phone = Phone(server.url, event["code"], participant).connect()
        assert phone.vote(poll["id"], "o2")["ok"]
        phone.sio.reconnection = True
    finally:
        server.stop()
    assert redis_pid(data_dir) is None or not os.path.exists(f"/proc/{redis_pid(data_dir)}"), (
        "stopping the only server stops its Redis, leaving the data on disk"
    )

    restarted = LiveServer({"REDIS_URL": ""}, data_dir)
    restarted.port, restarted.url = server.port, server.url  # same address, so the phone can come back
    restarted.env["PORT"] = str(server.port)
    restarted.start()
    try:
        assert organizer.results(poll["id"])["counts"] == {"o1": 0, "o2": 1, "o3": 0}
        assert organizer.call("GET", f"/api/v1/events/{event['id']}").body["code"] == event["code"]
        # the phone reconnects by itself and gets its state (live poll and its own vote) again
        assert wait_until(lambda: len(phone.of("state")) >= 2 and phone.connected(), timeout=15)
        state = phone.of("state")[-1]
        assert state["poll"]["id"] == poll["id"] and state["vote"] == "o2"
        assert phone.vote(poll["id"], "o3")["ok"]
        assert organizer.results(poll["id"])["counts"]["o3"] == 1
        phone.close()
    finally:
        restarted.stop()


def test_second_process_and_cli_share_one_redis(tmp_path):
    data_dir = tmp_path / "data"
    first = LiveServer({"REDIS_URL": ""}, data_dir).start()
    second = LiveServer({"REDIS_URL": ""}, data_dir)
    try:
        pid = redis_pid(data_dir)
        second.start()
        assert redis_pid(data_dir) == pid
        assert (
            cli(data_dir, "create-organizer", "bob@example.org", "--password-stdin", password="bob's pw").returncode
            == 0
        )
        assert os.path.exists(f"/proc/{pid}"), "the CLI leaves a Redis that servers use running"
        client = redis.Redis.from_url(f"unix://{data_dir}/redis/redis.sock")
        assert client.exists("hetki:organizer:bob@example.org")
        assert client.config_get("appendfsync")["appendfsync"] == "everysec"
        assert client.config_get("appendonly")["appendonly"] == "yes"
        first.stop()
        assert requests.get(second.url + "/healthz", timeout=5).json()["status"] == "ok"
    finally:
        first.stop()
        second.stop()


def test_with_redis_url_nothing_is_started(tmp_path, redis_url, redis_client):
    server = LiveServer({"REDIS_URL": redis_url}, tmp_path).start()
    try:
        assert not (tmp_path / "redis").exists() and redis_pid(tmp_path) is None
    finally:
        server.stop()


def test_healthz_is_503_when_redis_is_gone(tmp_path):
    data_dir = tmp_path / "data"
    server = LiveServer({"REDIS_URL": ""}, data_dir).start()
    try:
        redis.Redis.from_url(f"unix://{data_dir}/redis/redis.sock").shutdown()
        reply = requests.get(server.url + "/healthz", timeout=10)
        assert reply.status_code == 503 and reply.json()["error"]["code"] == "redis_unavailable"
    finally:
        server.stop()


def redis_servers_of(data_dir):
    """Pids of live processes whose command line names `data_dir` (its redis-server's does)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(data_dir).encode() in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            pass
    return pids


def test_cli_commands_leave_no_redis_server_behind(tmp_path):
    """`--help`, `routes` and create-organizer start the embedded Redis to load the app; each stops
    it on the way out when no server uses it."""
    data_dir = tmp_path / "data"
    for command in (["--help"], ["routes"], ["create-organizer", "ada@example.org", "--password-stdin"]):
        done = cli(data_dir, *command, password="pw-123456" if "create-organizer" in command else None)
        assert done.returncode == 0, done.stderr
        assert (data_dir / "redis" / "redis.log").exists(), "the embedded Redis never started: nothing was tested"
        left = redis_servers_of(data_dir)
        assert wait_until(lambda: not redis_servers_of(data_dir), timeout=5), f"{command} left {left} running"
