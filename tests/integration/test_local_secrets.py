"""Other local users read nothing of Hetki's: DATA_DIR is 0700 with 0600 files (the embedded Redis's
AOF, the secret key, videos and posters, logs) whatever the umask of the shell; presenter keys are
stored hashed; the report token never reaches a command line, and a PDF of anything but the
results page is never sent."""

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from server.runtime import redis_embedded
from server.runtime.config import Config
from server.runtime.services import Services
from server.store import Store, digest
from tests.helpers.api import LiveHttp, Organizer, sign_in
from tests.helpers.clips import make_clip
from tests.helpers.processes import wait_until
from tests.helpers.servers import ROOT, LiveServer

PASSWORD = "correct horse"


def start(server, umask=0o022):
    """The server as a shell with a usual umask starts it."""
    server.process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=server.env, umask=umask)
    assert wait_until(lambda: requests.get(server.url + "/healthz", timeout=1).ok, timeout=30), "not healthy"
    return server


@pytest.fixture(scope="module")
def own_redis_server(tmp_path_factory):
    """A server on its own embedded Redis (no REDIS_URL), its secret key generated into DATA_DIR."""
    data_dir = tmp_path_factory.mktemp("private") / "var"
    server = LiveServer({"TRANSCRIBE": "0", "WORKERS": "1"}, data_dir)
    del server.env["SECRET_KEY"]
    server.env.pop("REDIS_URL", None)
    yield start(server)
    server.stop()


def organizer_of(server):
    """An organizer made straight in the server's own Redis (no app: its start would tidy DATA_DIR)."""
    url = redis_embedded.url_for(server.data_dir)
    config = Config(REDIS_URL=url, DATA_DIR=server.data_dir, SECRET_KEY="x", PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    Services(Store(url, 2), config).organizers.create("ada@example.org", PASSWORD)
    http = LiveHttp(server.url)
    reply = http.request("POST", "/api/v1/token", json={"email": "ada@example.org", "password": PASSWORD})
    assert reply.status == 200, reply.body
    return Organizer(http, reply.body["token"], "ada@example.org")


def upload_clip(organizer, event, clip):
    organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    phone = requests.Session()
    assert phone.post(f"{organizer.http.base}/api/v1/join/{event['code']}", json={}, timeout=5).status_code == 201
    with clip.open("rb") as video:
        reply = phone.post(
            f"{organizer.http.base}/api/v1/join/{event['code']}/reactions",
            data={"consent": "true"},
            files={"video": ("clip.webm", video, "video/webm")},
            timeout=30,
        )
    assert reply.status_code == 201, reply.text
    return reply.json()["id"]


def aof_bytes(data_dir):
    return b"".join(p.read_bytes() for p in (Path(data_dir) / "redis").rglob("*.aof*") if p.is_file())


@pytest.fixture(scope="module")
def used_server(own_redis_server, tmp_path_factory):
    """The server after an organizer made an event and a phone sent a video reaction to it."""
    organizer = organizer_of(own_redis_server)
    event = organizer.event()
    rid = upload_clip(organizer, event, make_clip(tmp_path_factory.mktemp("clip") / "clip.webm", 2.0))
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    assert requests.get(f"{own_redis_server.url}/p/{key}", timeout=5).status_code == 200
    # the AOF has caught up once the key's digest is in it (appendfsync everysec)
    assert wait_until(lambda: digest(key).encode() in aof_bytes(own_redis_server.data_dir), timeout=5)
    return own_redis_server, event, rid


def test_presenter_keys_are_stored_hashed(used_server):
    server, event, _ = used_server
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    assert key.encode() not in aof_bytes(server.data_dir)
    assert digest(key).encode() in aof_bytes(server.data_dir)


def test_data_dir_is_the_servers_alone(used_server):
    server, event, rid = used_server
    entries = [server.data_dir, *server.data_dir.rglob("*")]
    names = {p.relative_to(server.data_dir).as_posix() for p in entries}
    media = f"media/{event['id']}"
    expected = ["secret_key", "redis/redis.log", "redis/redis.sock", f"{media}/{rid}.webm", f"{media}/{rid}.jpg"]
    assert set(expected) <= names, names
    assert any(name.endswith(".aof") for name in names), names
    for path in entries:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode & 0o077 == 0, (path, oct(mode))  # 0600 (the socket 0700): nobody else's


def test_an_existing_data_dir_is_closed_at_start(redis_url, tmp_path):
    """Folders an older version left open (0755) are 0700 once the server has started."""
    data_dir = tmp_path / "var"
    (data_dir / "media" / "abc").mkdir(parents=True, mode=0o755)
    data_dir.chmod(0o755)
    (data_dir / "media").chmod(0o755)
    server = start(LiveServer({"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0"}, data_dir))
    try:
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((data_dir / "media").stat().st_mode) == 0o700
    finally:
        server.stop()


def test_an_event_made_before_keys_were_hashed_keeps_its_link(http, organizer, hetki, redis_client):
    """An event stored with its presenter key in plain: the link opens its screen until it is rotated,
    and rotating leaves only a hash."""
    fresh = organizer.event("Old one")
    eid, old_key = fresh["id"], "an-old-plain-presenter-key-0123456789"
    stored = hetki.store.events.get(eid)
    redis_client.delete(f"hetki:presenter-key:{stored['presenter_key_digest']}")
    legacy = {k: v for k, v in stored.items() if k != "presenter_nonce"}
    redis_client.hdel(f"hetki:{{{eid}}}:event", "presenter_nonce")
    redis_client.hset(f"hetki:{{{eid}}}:event", mapping={**legacy, "presenter_key": old_key})
    redis_client.hset(f"hetki:{{{eid}}}:event", "presenter_key_digest", digest(old_key))
    redis_client.set(f"hetki:presenter-key:{digest(old_key)}", eid)

    shown = organizer.call("GET", f"/api/v1/events/{eid}").body["presenter_url"]
    assert shown.endswith(f"/p/{old_key}")
    assert http.request("GET", f"/p/{old_key}").status == 200
    rotated = organizer.call("POST", f"/api/v1/events/{eid}/presenter-key").body["presenter_url"]
    new_key = rotated.rsplit("/p/", 1)[1]
    assert http.request("GET", f"/p/{old_key}").status == 404
    assert http.request("GET", f"/p/{new_key}").status == 200
    fields = redis_client.hgetall(f"hetki:{{{eid}}}:event")
    assert b"presenter_key" not in fields and new_key.encode() not in b"".join(fields.values())
    assert organizer.call("GET", f"/api/v1/events/{eid}").body["presenter_url"] == rotated


# -- the PDF report ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recorded_chromium(tmp_path_factory):
    """Debian's Chromium behind a script that writes down its command line; with a file named `twice`
    beside it, it runs the browser a second time on the same command line, so the PDF left is of
    the page the used token then opens (an error page)."""
    folder = tmp_path_factory.mktemp("chromium")
    browser = shutil.which("chromium")
    assert browser, "Chromium is needed for the PDF report"
    script = folder / "chromium"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$0" "$@" >> "{folder}/argv.log"\n'
        f'if [ -e "{folder}/twice" ]; then\n'
        f'  {browser} "$@" || exit 1\n'
        "fi\n"
        f'exec {browser} "$@"\n'
    )
    script.chmod(0o700)
    return folder


@pytest.fixture(scope="module")
def report_server(redis_url, recorded_chromium, tmp_path_factory):
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0", "CHROMIUM": str(recorded_chromium / "chromium")}
    server = LiveServer(env, tmp_path_factory.mktemp("report")).start()
    yield server
    server.stop()


def get_report(organizer, event):
    return organizer.http.session.get(
        f"{organizer.http.base}/api/v1/events/{event['id']}/report.pdf?lang=en",
        headers={"Authorization": f"Bearer {organizer.token}"},
        timeout=90,
    )


def test_the_report_token_is_never_on_a_command_line(report_server, recorded_chromium, hetki):
    organizer = sign_in(report_server.http(), hetki, "ada@example.org")
    event = organizer.event("Token-free (argv) \\ <b>Åland</b>  2026")  # the PDF title check reads all of it
    (recorded_chromium / "argv.log").unlink(missing_ok=True)
    reply = get_report(organizer, event)
    assert reply.status_code == 200 and reply.content.startswith(b"%PDF-"), reply.text[:300]
    assert reply.headers["Cache-Control"] == "no-store"
    argv = (recorded_chromium / "argv.log").read_text()
    assert "--print-to-pdf=" in argv  # the script did run the browser
    assert "report=" not in argv and "/results" not in argv and event["id"] not in argv, argv
    text = subprocess.run(["pdftotext", "-", "-"], input=reply.content, capture_output=True, check=True).stdout
    assert "Token-free (argv) \\ <b>Åland</b> 2026" in " ".join(text.decode().split())  # the results page


def test_a_pdf_of_anything_but_the_results_page_is_never_sent(report_server, recorded_chromium, hetki):
    organizer = sign_in(report_server.http(), hetki, "ada@example.org")
    event = organizer.event()
    (recorded_chromium / "twice").touch()
    try:
        reply = get_report(organizer, event)
    finally:
        (recorded_chromium / "twice").unlink()
    assert reply.status_code == 503, reply.content[:100]
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.json()["error"]["code"] == "report_failed"
    again = get_report(organizer, event)
    assert again.status_code == 200, again.content[:300]  # the next one, printed once
