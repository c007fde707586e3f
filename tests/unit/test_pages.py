"""Pages: the string catalogue, language choice, escaping, the presenter screen's auth."""

from server.web.i18n import CATALOGUE


def test_catalogue_has_every_string_in_both_languages():
    assert set(CATALOGUE["en"]) == set(CATALOGUE["fi"])
    assert all(CATALOGUE["fi"][key] for key in CATALOGUE["fi"])


def test_language_follows_accept_language_and_the_switch(client, organizer):
    event = organizer.event()
    finnish = client.get(f"/j/{event['code']}", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"})
    assert b'lang="fi"' in finnish.data and b"Olet mukana!" in finnish.data
    english = client.get(f"/j/{event['code']}?lang=en", headers={"Accept-Language": "fi"})
    assert b'lang="en"' in english.data and b"You&#39;re in!" in english.data
    assert "hetki_lang=en" in english.headers["Set-Cookie"]
    assert b'lang="en"' in client.get("/", headers={"Accept-Language": "fi"}).data  # the cookie wins


def test_event_title_is_escaped_on_pages(client, organizer):
    event = organizer.event('<script>alert("x")</script>')
    page = client.get(f"/j/{event['code']}").data
    assert b"<script>alert" not in page and b"&lt;script&gt;alert" in page


def test_presenter_screen_needs_a_valid_key_or_the_owner(client, organizer):
    event = organizer.event()
    key = event["presenter_url"].rsplit("/p/", 1)[1]
    assert client.get(f"/p/{key}").status_code == 200
    assert client.get("/p/not-a-key", headers={"Accept": "text/html"}).status_code == 404
    assert client.get(f"/events/{event['id']}/present").status_code == 302  # to the sign-in page


def test_web_login_opens_the_dashboard_and_the_api(client, organizer):
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as a browser sends with every form and fetch
    bad = client.post("/login", data={"email": organizer.email, "password": "wrong"})
    assert bad.status_code == 401
    good = client.post("/login", data={"email": organizer.email, "password": "correct horse"})
    assert good.status_code == 302 and good.headers["Location"].endswith("/organizer")
    assert client.get("/organizer").status_code == 200
    assert client.get("/api/v1/events").status_code == 200
    event = client.post("/api/v1/events", json={"title": "From the web"}).get_json()
    assert client.get(f"/events/{event['id']}/present").status_code == 200
    client.post("/logout")
    assert client.get("/api/v1/events").status_code == 401


def test_home_join_form_redirects_to_the_event(client, organizer):
    event = organizer.event()
    response = client.get(f"/join?code={event['code'].lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{event['code']}")
    assert client.get("/join?code=nope").status_code == 404


def test_public_url_and_lan_address_in_join_links(config, redis_client):
    from server import create_app

    config.PUBLIC_URL = "https://vote.example.org"
    app = create_app(config)
    with app.test_request_context("/"):
        from server.web.helpers import event_links

        links = event_links({"code": "ABC234", "presenter_key": "k"})
    assert links["join_url"] == "https://vote.example.org/j/ABC234"
    config.PUBLIC_URL, config.HOST = None, "0.0.0.0"
    app = create_app(config)
    with app.test_request_context("/"):
        links = event_links({"code": "ABC234", "presenter_key": "k"})
    assert "127.0.0.1" not in links["join_url"] and links["join_url"].endswith(f":{config.PORT}/j/ABC234")


def test_the_events_language_applies_unless_the_attendee_switched(client, organizer):
    event = organizer.event()
    page = f"/j/{event['code']}"
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    assert b'lang="en"' in client.get(page, headers=english_browser).data  # "browser": as before
    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"})
    finnish = client.get(page, headers=english_browser)
    assert b'lang="fi"' in finnish.data and b"Olet mukana!" in finnish.data
    assert b'lang="en"' in client.get(f"{page}?lang=en", headers=english_browser).data  # the switch wins
    assert b'lang="en"' in client.get(page, headers=english_browser).data  # and is remembered (cookie)
    client.delete_cookie("hetki_lang")
    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "en"})
    assert b'lang="en"' in client.get(page, headers={"Accept-Language": "fi"}).data
    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "browser"})
    assert b'lang="fi"' in client.get(page, headers={"Accept-Language": "fi"}).data


def test_qr_codes_download_as_files_and_print_sized_png(client, organizer):
    code = organizer.event()["code"]
    shown = client.get(f"/j/{code}/qr.png")
    assert "Content-Disposition" not in shown.headers
    for kind in ("svg", "png"):
        saved = client.get(f"/j/{code}/qr.{kind}?download=1")
        assert saved.status_code == 200
        assert saved.headers["Content-Disposition"] == f'attachment; filename="hetki-{code}-qr.{kind}"'
    printed = client.get(f"/j/{code}/qr.png?download=1").data
    width = int.from_bytes(printed[16:20], "big")  # the PNG's IHDR width
    assert width >= 2 * int.from_bytes(shown.data[16:20], "big") and width >= 1000
    assert client.get("/j/NOPE23/qr.svg?download=1").status_code == 404


def test_event_editor_and_settings_pages_are_the_owners_alone(client, organizer, http, hetki):
    from tests.helpers.api import sign_in

    event = organizer.event("<b>Quarterly</b>")
    for path in (f"/events/{event['id']}", f"/events/{event['id']}/settings"):
        assert client.get(path).status_code == 302  # to the sign-in page
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    client.post("/login", data={"email": organizer.email, "password": "correct horse"})
    editor = client.get(f"/events/{event['id']}").get_data(as_text=True)
    assert 'id="editor-data"' in editor and '"max_entries"' in editor and "&lt;b&gt;Quarterly" in editor
    settings = client.get(f"/events/{event['id']}/settings").get_data(as_text=True)
    assert event["join_url"] in settings and event["presenter_url"] in settings
    assert 'min="15" max="120"' in settings  # the bounds the API checks
    other = sign_in(http, hetki, "bob@example.org")
    theirs = other.event("Not yours")
    assert client.get(f"/events/{theirs['id']}").status_code == 404
    assert client.get(f"/events/{theirs['id']}/settings").status_code == 404
