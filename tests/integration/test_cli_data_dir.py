"""The README's first event (item 17 of issue 17): a server started with `DATA_DIR=…` and then
`flask --app server create-organizer` in the same folder, without repeating DATA_DIR, makes an
account that signs in to that server."""

import os
import subprocess
import sys

import requests

from tests.helpers.processes import wait_until
from tests.helpers.servers import ROOT, LiveServer

PASSWORD = "correct horse"


class ServerIn(LiveServer):
    """`python -m server` started from `folder` (not the repository), as an organizer would."""

    def __init__(self, folder, data_dir):
        super().__init__({"REDIS_URL": "", "PYTHONPATH": str(ROOT)}, data_dir)
        self.folder = folder

    def start(self):
        self.process = subprocess.Popen([sys.executable, "-m", "server"], cwd=self.folder, env=self.env)
        ok = wait_until(lambda: requests.get(self.url + "/healthz", timeout=1).status_code == 200, timeout=30)
        assert ok, "server did not become healthy"
        return self


def create_organizer(folder, email):
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_DIR", "REDIS_URL", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "server", "create-organizer", email, "--password-stdin"],
        cwd=folder,
        env={**env, "PYTHONPATH": str(ROOT)},
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


def signs_in(server, email):
    reply = server.http().request("POST", "/api/v1/token", json={"email": email, "password": PASSWORD})
    return reply.status == 200


def test_the_cli_finds_the_running_servers_data_dir(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    server = ServerIn(folder, tmp_path / "elsewhere").start()
    try:
        created = create_organizer(folder, "ada@example.org")
        assert created.returncode == 0, created.stderr
        assert str(tmp_path / "elsewhere") in created.stdout, created.stdout  # it says where
        assert signs_in(server, "ada@example.org")
    finally:
        server.stop()


def test_two_servers_in_one_folder_make_the_cli_ask_which(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    first = ServerIn(folder, tmp_path / "one").start()
    second = ServerIn(folder, tmp_path / "two").start()
    try:
        created = create_organizer(folder, "bob@example.org")
        assert created.returncode != 0
        assert "Several Hetki servers" in created.stderr
        assert f"DATA_DIR={tmp_path / 'one'}" in created.stderr and f"DATA_DIR={tmp_path / 'two'}" in created.stderr
        assert not signs_in(first, "bob@example.org") and not signs_in(second, "bob@example.org")
    finally:
        first.stop()
        second.stop()
