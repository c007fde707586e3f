"""Swedish as a built-in language, and a bilingual event: `languages: [primary, second]` (stored as
language + second_language); each phone picks one of the two (by its switch, remembered, else its
browser's liking, else the primary) and is offered only the other; the screen speaks the primary."""

import re

from server.domain import themes

SWITCH = r'<a class="lang-switch" href="\?lang=(\w+)"'


def lang_of(reply):
    return re.search(r'<html lang="(\w+)"', reply.get_data(as_text=True)).group(1)


def bilingual(organizer, pair=("fi", "sv")):
    event = organizer.event()
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"languages": list(pair)})
    assert reply.status == 200, reply.body
    return reply.body


def test_swedish_is_built_in(app, client):
    page = client.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).get_data(as_text=True)
    assert '<html lang="sv">' in page and "Ange evenemangets kod" in page and "Gå med" in page
    assert re.findall(SWITCH, page) == ["fi", "en"]
    assert "På svenska" in client.get("/?lang=fi").get_data(as_text=True)


def test_an_event_takes_two_languages(organizer):
    event = bilingual(organizer)
    assert (event["settings"]["language"], event["settings"]["second_language"]) == ("fi", "sv")
    path = f"/api/v1/events/{event['id']}"
    for bad in ({"languages": ["fi", "fi"]}, {"languages": ["fi", "xx"]}, {"languages": []}):
        reply = organizer.call("PATCH", path, json=bad)
        assert reply.status == 422 and reply.body["error"]["code"] == "validation_failed", (bad, reply.body)
    for bad in ({"languages": ["fi", "sv", "en"]}, {"languages": "fi"}, {"second_language": "browser"}):
        assert organizer.call("PATCH", path, json=bad).status == 422, bad
    assert organizer.call("PATCH", path, json={"language": "sv", "second_language": "sv"}).status == 422
    one = organizer.call("PATCH", path, json={"languages": ["sv"]}).body["settings"]
    assert (one["language"], one["second_language"]) == ("sv", None)
    again = organizer.call("PATCH", path, json={"second_language": "en"}).body["settings"]
    assert (again["language"], again["second_language"]) == ("sv", "en")
    cleared = organizer.call("PATCH", path, json={"second_language": None}).body["settings"]
    assert cleared["second_language"] is None


def test_each_phone_of_a_bilingual_event_picks_its_own(app, organizer):
    event = bilingual(organizer)
    join = f"/j/{event['code']}"
    finn, swede, other = app.test_client(), app.test_client(), app.test_client()
    page = finn.get(join, headers={"Accept-Language": "fi"})
    assert lang_of(page) == "fi" and re.findall(SWITCH, page.get_data(as_text=True)) == ["sv"]  # only the other
    assert lang_of(other.get(join, headers={"Accept-Language": "de, en;q=0.5"})) == "fi"  # neither: the primary
    assert lang_of(swede.get(join, headers={"Accept-Language": "sv-FI"})) == "sv"  # the browser's liking
    switched = finn.get(join + "?lang=sv", headers={"Accept-Language": "fi"})
    assert lang_of(switched) == "sv" and re.findall(SWITCH, switched.get_data(as_text=True)) == ["fi"]
    assert lang_of(finn.get(join, headers={"Accept-Language": "fi"})) == "sv"  # remembered
    assert lang_of(swede.get(join, headers={"Accept-Language": "sv-FI"})) == "sv"  # the other phone is its own
    english_cookie = app.test_client()
    english_cookie.get("/?lang=en")  # chosen on another page: not one of this event's two
    assert lang_of(english_cookie.get(join, headers={"Accept-Language": "fi"})) == "fi"
    screen = app.test_client().get(
        "/p/" + event["presenter_url"].rsplit("/p/", 1)[1], headers={"Accept-Language": "sv"}
    )
    assert lang_of(screen) == "fi"  # the screen speaks the primary


def test_a_second_language_alone_or_beside_the_browser_is_no_pair(app, organizer):
    event = organizer.event()
    reply = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"second_language": "sv"})
    assert reply.status == 200  # language is still "browser": each phone its browser's, as before
    page = app.test_client().get(f"/j/{event['code']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in page and re.findall(SWITCH, page) == ["fi", "sv"]


def test_themes_hear_swedish():

    said = [
        "Kaffet var för kallt.",
        "Mer kaffe nästa gång, tack.",
        "Kaffe och bullar var bäst!",
        "Stolarna var obekväma.",
    ]
    assert {themes.detect_language(text) for text in said} == {"sv"}
    texts = [themes.Text(text, "sv", {"kind": "answer"}, f"p{i}") for i, text in enumerate(said)]
    found = themes.themes(texts, 3)
    assert [(theme["phrase"], theme["language"], theme["count"]) for theme in found] == [("kaffe", "sv", 3)]


def test_the_results_page_speaks_the_primary(app, client, organizer):
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert client.post("/login", data={"email": organizer.email, "password": "correct horse"}).status_code == 302
    swedish = organizer.event()
    organizer.call("PATCH", f"/api/v1/events/{swedish['id']}", json={"language": "sv"})
    organizer.poll(swedish["id"], question="Bästa frukten?", options=("Äpple", "Päron"))
    page = client.get(f"/events/{swedish['id']}/results", headers={"Accept-Language": "fi"})
    assert page.status_code == 200 and lang_of(page) == "sv" and "Resultat" in page.get_data(as_text=True)
    pair = bilingual(organizer, ("sv", "fi"))
    assert lang_of(client.get(f"/events/{pair['id']}/results", headers={"Accept-Language": "fi"})) == "sv"
