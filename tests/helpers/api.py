"""The HTTP API from a test: in-process through Flask's test client or over a real socket, an
organizer signed in with a bearer token, and the calls several test modules make through them."""

import io

import requests

SAME_ORIGIN = {"Origin": "http://localhost"}


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


def assert_error(reply, status):
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body["error"]) >= {"code", "message"}
    assert reply.body["error"]["message"]


def upload(http, event, data=None, consent="true", text=None, filename="clip.webm", content_type="video/webm"):
    form = {"consent": consent}
    if text is not None:
        form["text"] = text
    if data is not None:
        form["video"] = (io.BytesIO(data), filename, content_type)
    return http.request(
        "POST", f"/api/v1/join/{event['code']}/reactions", data=form, content_type="multipart/form-data"
    )


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))


def web_sign_in(client, email, password="correct horse"):
    reply = client.post("/login", data={"email": email, "password": password}, headers=SAME_ORIGIN)
    assert reply.status_code == 302, reply.data
    return reply
