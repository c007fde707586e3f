"""Past one machine: Debian's nginx (started here on a free port, never the system service) in front
of two server processes over one Redis, with the site that server/runtime/deploy/nginx.conf ships."""

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
import socketio

from server.runtime.deploy.nginx import render
from tests.helpers.api import LiveHttp, sign_in
from tests.helpers.clients import Phone, PresenterScreen, join, join_many
from tests.helpers.clips import make_clip
from tests.helpers.processes import free_port, raise_open_files, wait_until
from tests.helpers.servers import ROOT, LiveServer

PHONES = 300
STOP_LIMIT_SECONDS = 5
SERVER_ENV = {"TRUST_PROXY": "1", "WORKERS": "0", "TRANSCRIBE": "0", "RATE_LIMIT_JOIN_IP": ""}

pytestmark = pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (.ci/setup test)")


class Nginx:
    """nginx in the foreground with its own prefix: the shipped site, inside a minimal main file that
    logs which upstream served each request."""

    def __init__(self, folder, ports):
        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / "hetki.conf").write_text(render(ports, listen=f"127.0.0.1:{self.port}"))
        temp = " ".join(f"{name}_temp_path {folder / name};" for name in ("fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  log_format upstream '$request_uri $status $upstream_addr';\n"
            f"  access_log {folder / 'access.log'} upstream;\n"
            f"  client_body_temp_path {folder / 'body'}; proxy_temp_path {folder / 'proxy'}; {temp}\n"
            f"  include {folder / 'hetki.conf'};\n"
            "}\n"
        )
        self.process = None

    def start(self):
        command = ["nginx", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-e", "stderr"]
        self.process = subprocess.Popen([*command, "-g", "daemon off;"])
        healthy = wait_until(lambda: requests.get(self.url + "/healthz", timeout=1).status_code == 200, 15)
        assert healthy, (self.folder / "error.log").read_text() if (self.folder / "error.log").exists() else ""
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # fast: a graceful stop waits for open long polls
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def upstream_ports(self, path_part="/socket.io/"):
        """The ports of the servers nginx sent matching requests to, oldest first."""
        lines = (self.folder / "access.log").read_text().splitlines()
        return [int(m) for line in lines if path_part in line for m in re.findall(r":(\d+)\s*$", line)]


@pytest.fixture
def pair(redis_url, redis_client, tmp_path):
    """Two servers over the session's Redis (state and message queue), nginx in front."""
    servers = [LiveServer({"REDIS_URL": redis_url, **SERVER_ENV}, tmp_path / f"data{i}").start() for i in range(2)]
    nginx = Nginx(tmp_path / "nginx", [s.port for s in servers]).start()
    yield nginx, servers
    nginx.stop()
    for server in servers:
        server.stop()


class PollingPhone(Phone):
    def connect(self):
        self.sio.connect(self.url, namespaces=[self.namespace], auth=self.auth, transports=["polling"])
        return self


def consecutive_free_ports():
    """A free port whose next port is free too."""
    while True:
        port = free_port()
        with contextlib.suppress(OSError), socket.socket() as probe:
            probe.bind(("127.0.0.1", port + 1))
            return port


def by_port(servers, port):
    return next(s for s in servers if s.port == port)


def test_votes_a_presenter_and_an_upload_through_nginx_over_two_processes(pair, hetki, tmp_path):
    nginx, servers = pair
    http = LiveHttp(nginx.url)
    organizer = sign_in(http, hetki, "ada@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    # websocket-client sends the Origin of the address it opens: Socket.IO's same-origin check passes
    # only when nginx forwards the Host with its port (and TRUST_PROXY lets the server believe it)
    screen = PresenterScreen(nginx.url, {"token": organizer.token, "event_id": event["id"]}).connect()
    phones = [
        Phone(nginx.url, event["code"], join(http, event["code"])).connect(),
        PollingPhone(nginx.url, event["code"], join(http, event["code"])).connect(),
        # each process directly too: one of them is not the process nginx chose
        *(Phone(s.url, event["code"], join(s.http(), event["code"])).connect() for s in servers),
    ]
    try:
        served = set(nginx.upstream_ports())
        assert len(served) == 1, served  # ip_hash: one client address, one process
        for phone in phones:
            assert phone.vote(poll["id"], poll["options"][0]["id"])["ok"]
        results = screen.wait_for("results", lambda r: r["total"] == len(phones))
        assert results["counts"][poll["options"][0]["id"]] == len(phones)

        # a video reaction through nginx, and a body far above nginx's default 1 MB limit reaches
        # the server (which refuses it as no video) instead of nginx's own 413
        clip = make_clip(tmp_path / "reaction.webm", 3.0, "webm")
        form = {"consent": "true"}
        with clip.open("rb") as video:
            reply = http.session.post(
                f"{nginx.url}/api/v1/join/{event['code']}/reactions", data=form, files={"video": video}, timeout=60
            )
        assert reply.status_code == 201, reply.text
        noise = os.urandom(3 * 1024 * 1024)
        reply = http.session.post(
            f"{nginx.url}/api/v1/join/{event['code']}/reactions", data=form, files={"video": noise}, timeout=60
        )
        assert reply.status_code == 422 and reply.json()["error"]["code"], reply.text
        listed = organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"]
        assert len(listed) == 1 and listed[0]["duration"] > 2

        # kill -9 the process nginx chose: the other serves through nginx, and the nginx phone and
        # presenter reconnect to it
        chosen = by_port(servers, served.pop())
        chosen.process.kill()
        chosen.process.wait()
        back = lambda client: client.connected() and len(client.of("state")) == 2  # noqa: E731 (a state per connect)
        assert wait_until(lambda: back(phones[0]) and back(screen), 15), "no reconnect through nginx"
        assert phones[0].vote(poll["id"], poll["options"][1]["id"])["ok"]
        assert screen.wait_for("results", lambda r: r["counts"][poll["options"][1]["id"]] == 1, timeout=10)
        join(http, event["code"])
        survivor = next(s.port for s in servers if s is not chosen)
        # nginx writes the access log line after the response: wait for it rather than race it
        assert wait_until(lambda: nginx.upstream_ports("/api/v1/join/")[-1] == survivor, 5), nginx.upstream_ports()
    finally:
        for client in (screen, *phones):
            client.sio.disconnect()


def test_sigterm_with_300_phones_exits_quickly_and_they_reconnect_to_the_other_process(pair, hetki):
    raise_open_files()
    nginx, servers = pair
    organizer = sign_in(LiveHttp(nginx.url), hetki, "ada@example.org")
    event = organizer.event()
    poll = organizer.poll(event["id"])
    organizer.open(poll["id"])

    async def scenario():
        tokens = await join_many(nginx.url, event["code"], PHONES)
        phones, connects, drops = [], [], []
        for i in range(len(tokens)):
            phone = socketio.AsyncClient(reconnection_delay=0.5, reconnection_delay_max=2)
            phone.on("connect", lambda i=i: connects.append(i), namespace="/audience")
            phone.on("disconnect", lambda *args, i=i: drops.append((i, args)), namespace="/audience")
            phones.append(phone)
        for chunk in range(0, PHONES, 100):
            await asyncio.gather(
                *(
                    phone.connect(
                        nginx.url,
                        namespaces=["/audience"],
                        transports=["websocket"],
                        auth={"code": event["code"], "participant": token},
                        wait_timeout=30,
                    )
                    for phone, token in zip(phones[chunk : chunk + 100], tokens[chunk : chunk + 100], strict=True)
                )
            )
        try:
            (port,) = set(nginx.upstream_ports("/api/v1/join/"))  # a websocket is logged when it ends
            chosen = by_port(servers, port)
            started = time.monotonic()
            chosen.process.send_signal(signal.SIGTERM)
            while chosen.process.poll() is None and time.monotonic() - started < STOP_LIMIT_SECONDS + 5:
                await asyncio.sleep(0.05)
            stopped = time.monotonic() - started
            deadline = time.monotonic() + 30
            while len(connects) < 2 * PHONES and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            back = time.monotonic() - started
            acks = await asyncio.gather(
                *(
                    phone.call(
                        "vote",
                        {"poll_id": poll["id"], "value": poll["options"][0]["id"], "client_vote_id": f"v{i}"},
                        namespace="/audience",
                        timeout=30,
                    )
                    for i, phone in enumerate(phones)
                )
            )
            return chosen, stopped, back, list(drops), list(connects), acks  # before the goodbyes
        finally:
            await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)

    chosen, stopped, back, drops, connects, acks = asyncio.run(scenario())
    print(f"\n{PHONES} phones: exit {stopped:.2f} s after SIGTERM, all reconnected through nginx after {back:.2f} s")
    assert chosen.process.returncode == 0 and stopped <= STOP_LIMIT_SECONDS
    assert sorted(i for i, _reason in drops) == list(range(PHONES))  # each dropped once
    assert sorted(connects) == sorted([*range(PHONES)] * 2)  # and connected again, once
    assert all(ack["ok"] for ack in acks)
    assert organizer.results(poll["id"])["counts"][poll["options"][0]["id"]] == PHONES


def test_workers_flag_runs_processes_that_share_one_redis(redis_url, redis_client, hetki, tmp_path):
    port = consecutive_free_ports()
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "PORT": str(port),
        "DATA_DIR": str(tmp_path),
        "SECRET_KEY": "test-secret",
        "LOG_LEVEL": "WARNING",
        "WORKERS": "0",
        "TRANSCRIBE": "0",
    }
    supervisor = subprocess.Popen([sys.executable, "-m", "server", "--workers", "2"], cwd=ROOT, env=env)
    urls = [f"http://127.0.0.1:{p}" for p in (port, port + 1)]
    try:
        for url in urls:
            assert wait_until(lambda url=url: requests.get(url + "/healthz", timeout=1).ok, 30), url
        organizer = sign_in(LiveHttp(urls[0]), hetki, "ada@example.org")
        event = organizer.event()
        poll = organizer.poll(event["id"])
        organizer.open(poll["id"])
        screen = PresenterScreen(urls[1], {"token": organizer.token, "event_id": event["id"]}).connect()
        phone = Phone(urls[0], event["code"], join(LiveHttp(urls[0]), event["code"])).connect()
        assert phone.vote(poll["id"], poll["options"][2]["id"])["ok"]
        assert screen.wait_for("results", lambda r: r["total"] == 1)["counts"][poll["options"][2]["id"]] == 1
        phone.close()
        screen.close()
        started = time.monotonic()
        supervisor.terminate()
        assert supervisor.wait(15) == 0 and time.monotonic() - started < STOP_LIMIT_SECONDS + 1
        assert not any(wait_until(lambda url=url: requests.get(url + "/healthz", timeout=1).ok, 0.2) for url in urls)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
