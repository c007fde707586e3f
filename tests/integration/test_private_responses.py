"""HSTS over TLS (served directly or behind a trusted proxy), no-store on what is private, the
security headers on Socket.IO's own responses, and an Origin check that compares the scheme."""

import subprocess
import sys

import pytest
import requests
import urllib3

from server import create_app
from tests.helpers.api import csp, web_sign_in
from tests.helpers.processes import wait_until
from tests.helpers.servers import ROOT, LiveServer

POLLING = "/socket.io/?EIO=4&transport=polling"


def assert_page_headers(response, name):
    headers = {k.lower(): v for k, v in response.headers.items()}
    assert headers["x-content-type-options"] == "nosniff", name
    policy = csp(response)
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'", name


@pytest.fixture(scope="module")
def tls_server(redis_url, tmp_path_factory):
    """`python -m server` serving HTTPS itself (CERT_FILE), with a self-signed certificate."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    self_signed = ["-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        ["openssl", "req", *self_signed, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    env = {"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0", "CERT_FILE": str(cert), "KEY_FILE": str(key)}
    server = LiveServer(env, folder / "data")
    server.url = server.url.replace("http://", "https://")
    server.process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=server.env)
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    healthy = wait_until(lambda: requests.get(server.url + "/healthz", timeout=1, verify=False).ok, timeout=30)
    assert healthy, "the TLS server did not become healthy"
    yield server
    server.stop()


def test_hsts_on_every_response_over_tls_served_directly(tls_server):
    for path in ("/", "/login", "/api/v1/events", POLLING, "/static/js/dom.js"):
        response = requests.get(tls_server.url + path, timeout=5, verify=False)
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000", path


@pytest.mark.parametrize(
    "trust_proxy, forwarded, hsts",
    [(True, "https", True), (True, "http", False), (False, "https", False), (False, None, False)],
)
def test_hsts_behind_a_trusted_proxy_only_over_https(config, trust_proxy, forwarded, hsts):
    config.TRUST_PROXY = trust_proxy
    client = create_app(config).test_client()
    headers = {"X-Forwarded-Proto": forwarded} if forwarded else {}
    for path in ("/", "/api/v1/events", POLLING):
        response = client.get(path, headers=headers)
        assert ("Strict-Transport-Security" in response.headers) is hsts, path


def test_socket_io_responses_carry_the_csp_and_nosniff(any_live_server):
    live_server = any_live_server
    opening = requests.get(live_server.url + POLLING, timeout=5)
    assert opening.ok and opening.text.startswith("0{")
    assert_page_headers(opening, "handshake")
    assert "Strict-Transport-Security" not in opening.headers  # plain HTTP
    refused = requests.get(live_server.url + "/socket.io/?EIO=4&transport=polling&sid=nope", timeout=5)
    assert refused.status_code == 400
    assert_page_headers(refused, "unknown sid")


def test_private_responses_are_never_stored(app, config, client, organizer):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    eid = event["id"]
    token = client.post("/api/v1/token", json={"email": organizer.email, "password": "correct horse"})
    assert token.status_code == 200
    auth = {"Authorization": f"Bearer {organizer.token}"}
    private = {
        "token": token,
        "presenter link": client.get(f"/p/{key}"),
        "export csv": client.get(f"/api/v1/events/{eid}/export?format=csv", headers=auth),
        "export json": client.get(f"/api/v1/events/{eid}/export?format=json", headers=auth),
        "reactions zip": client.get(f"/api/v1/events/{eid}/reactions.zip", headers=auth),
        "insights": client.get(f"/api/v1/events/{eid}/insights", headers=auth),
        "summary": client.get(f"/api/v1/events/{eid}/summary", headers=auth),
        "event": client.get(f"/api/v1/events/{eid}", headers=auth),
        "results": client.get(f"/api/v1/polls/{poll['id']}/results", headers=auth),
    }
    browser = app.test_client()
    web_sign_in(browser, organizer.email)
    private["settings page"] = browser.get(f"/events/{eid}/settings")
    private["results page"] = browser.get(f"/events/{eid}/results")
    for name, response in private.items():
        assert response.status_code == 200, (name, response.status_code)
        assert response.headers.get("Cache-Control") == "no-store", name
    config.CHROMIUM = "/no/such/chromium"  # a report.pdf answer, even a refusal, is never stored
    assert client.get(f"/api/v1/events/{eid}/report.pdf", headers=auth).headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/js/dom.js").headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "origin, status",
    [
        ("http://localhost", 201),
        ("https://localhost", 403),  # same host, another scheme: another origin
        ("http://localhost:8443", 403),
    ],
)
def test_the_origin_check_compares_the_scheme(client, organizer, origin, status):
    web_sign_in(client, organizer.email)
    reply = client.post("/api/v1/events", json={"title": "Mine"}, headers={"Origin": origin})
    assert reply.status_code == status, reply.get_json()
    referred = client.post("/api/v1/events", json={"title": "Mine"}, headers={"Referer": origin + "/organizer"})
    assert referred.status_code == status


def test_the_origin_check_follows_a_trusted_proxys_scheme(config, organizer, hetki):
    config.TRUST_PROXY = True
    client = create_app(config).test_client()
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "vote.example.org", "X-Forwarded-For": "203.0.113.9"}
    web = {"email": organizer.email, "password": "correct horse"}
    assert client.post("/login", data=web, headers={**proxy, "Origin": "https://vote.example.org"}).status_code == 302
    plain = client.post("/api/v1/events", json={"title": "x"}, headers={**proxy, "Origin": "http://vote.example.org"})
    assert plain.status_code == 403 and plain.get_json()["error"]["code"] == "origin_refused"
    tls = client.post("/api/v1/events", json={"title": "x"}, headers={**proxy, "Origin": "https://vote.example.org"})
    assert tls.status_code == 201
