"""Security headers, the Origin check on signed-in writes, ending sessions and tokens, Secure cookies."""

import pytest

from server import create_app
from tests.helpers.api import SAME_ORIGIN, csp, sign_in, web_sign_in


def test_every_page_and_api_response_carries_the_headers(client, organizer):
    event = organizer.event()
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    auth = {"Authorization": f"Bearer {organizer.token}"}
    responses = {
        "home": client.get("/"),
        "login": client.get("/login"),
        "phone": client.get(f"/j/{event['code']}"),
        "api": client.get("/api/v1/events", headers=auth),
        "api error": client.get("/api/v1/events"),
        "not found": client.get("/nowhere", headers={"Accept": "text/html"}),
        "script": client.get("/static/js/dom.js"),
        "presenter": client.get(f"/p/{key}"),
    }
    for name, response in responses.items():
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name
        policy = csp(response)
        assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'", name
        assert policy["style-src"] == "'self'" and policy["connect-src"] == "'self'", name
        assert policy["img-src"] == "'self' data: blob:" and policy["media-src"] == "'self' blob:", name
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'", name
        assert policy["form-action"] == "'self'", name
        assert policy["frame-ancestors"] == ("*" if name == "presenter" else "'none'"), name


def test_presenter_frame_ancestors_come_from_config(config, organizer):
    config.PRESENTER_FRAME_ANCESTORS = "'self' https://slides.example.org"
    client = create_app(config).test_client()
    event = organizer.event()
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    assert csp(client.get(f"/p/{key}"))["frame-ancestors"] == "'self' https://slides.example.org"
    web_sign_in(client, organizer.email)
    assert csp(client.get(f"/events/{event['id']}/present"))["frame-ancestors"] == "'self' https://slides.example.org"
    assert csp(client.get("/organizer"))["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 403),
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Referer": "https://evil.example/localhost/page"}, 403),
        ({"Origin": "http://localhost.evil.example"}, 403),
        ({"Origin": "http://localhost"}, 201),
        ({"Referer": "http://localhost/organizer"}, 201),
        ({"Origin": "https://admin.example.org"}, 201),  # in ALLOWED_ORIGINS
    ],
)
def test_cookie_signed_writes_need_an_origin_of_this_host(config, organizer, headers, status):
    config.ALLOWED_ORIGINS = ["https://admin.example.org"]
    client = create_app(config).test_client()
    web_sign_in(client, organizer.email)
    reply = client.post("/api/v1/events", json={"title": "Mine"}, headers=headers)
    assert reply.status_code == status, reply.get_json()
    if status == 403:
        assert reply.get_json()["error"]["code"] == "origin_refused"


def test_bodyless_writes_are_checked_and_bearer_calls_need_no_origin(client, organizer):
    event = organizer.event()
    poll = organizer.poll(event["id"])
    web_sign_in(client, organizer.email)
    foreign = {"Origin": "https://evil.example"}
    for path in (f"/api/v1/polls/{poll['id']}/open", f"/api/v1/events/{event['id']}/presenter-key"):
        reply = client.post(path, headers=foreign)
        assert reply.status_code == 403 and reply.get_json()["error"]["code"] == "origin_refused", path
    assert client.delete(f"/api/v1/events/{event['id']}", headers=foreign).status_code == 403
    assert organizer.call("GET", f"/api/v1/events/{event['id']}").body["presenter_url"] == event["presenter_url"]
    assert organizer.call("GET", f"/api/v1/events/{event['id']}").body["live_poll"] is None
    assert organizer.call("POST", f"/api/v1/polls/{poll['id']}/open").status == 200  # Bearer: no Origin needed


def test_login_and_logout_forms_need_an_origin(client, organizer):
    form = {"email": organizer.email, "password": "correct horse"}
    assert client.post("/login", data=form).status_code == 403
    assert client.post("/login", data=form, headers={"Origin": "https://evil.example"}).status_code == 403
    web_sign_in(client, organizer.email)
    assert client.post("/logout", headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.get("/api/v1/events").status_code == 200  # a foreign page cannot sign you out either


def test_deleting_a_token_ends_it(http, organizer):
    assert organizer.call("GET", "/api/v1/events").status == 200
    assert organizer.call("DELETE", "/api/v1/token").status == 204
    assert organizer.call("GET", "/api/v1/events").status == 401
    assert organizer.call("DELETE", "/api/v1/token").status == 401
    assert http.request("DELETE", "/api/v1/token").status == 401


def test_logout_ends_the_session_even_when_its_cookie_is_replayed(app, organizer):
    client = app.test_client()
    web_sign_in(client, organizer.email)
    stolen = client.get_cookie("session").value
    assert client.get("/api/v1/events").status_code == 200
    assert client.post("/logout", headers=SAME_ORIGIN).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/api/v1/events").status_code == 401
    assert replay.get("/organizer").status_code == 302


def test_password_reset_revokes_every_session_and_token(app, http, hetki, organizer):
    browser = app.test_client()
    web_sign_in(browser, organizer.email)
    second = http.request("POST", "/api/v1/token", json={"email": organizer.email, "password": "correct horse"})
    other = sign_in(http, hetki, "bob@example.org")
    result = app.test_cli_runner().invoke(
        args=["create-organizer", organizer.email, "--reset", "--password-stdin"], input="a new secret\n"
    )
    assert result.exit_code == 0, result.output
    assert organizer.call("GET", "/api/v1/events").status == 401
    assert (
        http.request("GET", "/api/v1/events", headers={"Authorization": f"Bearer {second.body['token']}"}).status == 401
    )
    assert browser.get("/api/v1/events").status_code == 401
    assert other.call("GET", "/api/v1/events").status == 200  # someone else's reset changes nothing for them
    web_sign_in(app.test_client(), organizer.email, "a new secret")


def set_cookies(response):
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


@pytest.mark.parametrize(
    "trust_proxy, forwarded, secure",
    [(True, "https", True), (True, "http", False), (False, "https", False)],
)
def test_cookies_are_secure_over_https_behind_a_trusted_proxy(config, organizer, trust_proxy, forwarded, secure):
    config.TRUST_PROXY = trust_proxy
    client = create_app(config).test_client()
    event = organizer.event()
    proxy = {"X-Forwarded-Proto": forwarded, "X-Forwarded-Host": "vote.example.org", "X-Forwarded-For": "203.0.113.9"}
    origin = {"Origin": f"{forwarded}://vote.example.org" if trust_proxy else "http://localhost"}
    login = client.post(
        "/login", data={"email": organizer.email, "password": "correct horse"}, headers={**proxy, **origin}
    )
    assert login.status_code == 302
    joined = client.post(f"/api/v1/join/{event['code']}", json={}, headers={**proxy, **origin})
    cookies = {**set_cookies(login), **set_cookies(joined)}
    participant = next(v for k, v in cookies.items() if k.startswith("hetki_p_"))
    for header in (cookies["session"], participant):
        assert ("; Secure" in header) is secure, header
        assert "; HttpOnly" in header and "SameSite=Lax" in header


def test_cookies_are_secure_when_serving_tls_directly(config, organizer):
    config.CERT_FILE = "cert.pem"  # only read by the server's listener; the app just knows it serves TLS
    client = create_app(config).test_client()
    assert "; Secure" in set_cookies(web_sign_in(client, organizer.email))["session"]
