"""The language registry: every registered language has en.json's keys, plural forms and
placeholders, and a third language (tests/fixtures/languages/sv.json plus a registry entry) is
served, offered and checked like the built-in two."""

import json
import re
from pathlib import Path

from server.domain.languages import REGISTRY, Language
from server.web import i18n

EN = i18n.catalogue(REGISTRY["en"])
SWEDISH = Language(
    "sv", "svenska", "På svenska", whisper="sv", folder=Path(__file__).parent.parent / "fixtures/languages"
)


def strings_in(entry):
    return [entry] if isinstance(entry, str) else list(entry.values())


def placeholders(entry):
    return {name for text in strings_in(entry) for name in re.findall(r"\{(\w+)\}", text)}


def catalogue_problems(registry):
    """What keeps each language of `registry` from matching en.json: missing or extra keys, a plain
    string against a plural, plural categories plural_category() does not give, empty strings, and
    other placeholders."""
    problems = []
    for language in registry:
        strings, name = i18n.catalogue(language), language.translations.name
        problems += [f"{name} lacks {key}" for key in EN if key not in strings]
        problems += [f"{name} has {key}, which en.json lacks" for key in strings if key not in EN]
        for key in EN.keys() & strings.keys():
            en, other = EN[key], strings[key]
            if type(en) is not type(other):
                problems.append(f"{name}: {key} is {type(other).__name__}, in en.json {type(en).__name__}")
            elif isinstance(other, dict) and set(other) != set(i18n.PLURAL_CATEGORIES):
                problems.append(f"{name}: {key} has plural forms {sorted(other)}, not {list(i18n.PLURAL_CATEGORIES)}")
            if not all(text.strip() for text in strings_in(other)):
                problems.append(f"{name}: {key} is empty")
            if placeholders(en) != placeholders(other):
                problems.append(f"{name}: {key} has {sorted(placeholders(other))}, en.json {sorted(placeholders(en))}")
    return problems


def test_every_language_has_the_same_keys_forms_and_placeholders():
    assert len(REGISTRY) >= 2 and "en" in REGISTRY
    assert not catalogue_problems(REGISTRY)


def test_the_check_catches_what_a_third_language_lacks(tmp_path):
    fixture = REGISTRY.with_language(SWEDISH)
    assert [language.code for language in fixture] == ["fi", "en", "sv"]
    problems = catalogue_problems(fixture)
    assert "sv.json lacks organizer.sign_in" in problems and "sv.json lacks audience.votes" not in problems
    assert not [p for p in problems if not p.startswith("sv.json lacks ")]  # the fixture has nothing wrong

    def problems_of(strings):
        (tmp_path / "sv.json").write_text(json.dumps(strings), "utf-8")
        i18n.catalogue.cache_clear()
        return catalogue_problems(REGISTRY.with_language(Language("sv", "svenska", "På svenska", folder=tmp_path)))

    complete = {**EN, **i18n.catalogue(SWEDISH)}
    assert problems_of(complete) == []
    assert problems_of({k: v for k, v in complete.items() if k != "home.join"}) == ["sv.json lacks home.join"]
    assert problems_of({**complete, "home.jion": "Gå med"}) == ["sv.json has home.jion, which en.json lacks"]
    votes = {"one": "en röst", "other": "röster"}
    assert problems_of({**complete, "audience.votes": votes}) == ["sv.json: audience.votes has [], en.json ['n']"]


def test_the_registry_serves_a_third_language(app, client, organizer):
    i18n.use_languages(app, REGISTRY.with_language(SWEDISH))
    swedish = client.get("/?lang=sv").get_data(as_text=True)
    assert '<html lang="sv">' in swedish and "Liveomröstningar för ditt evenemang" in swedish
    assert "Enter the event code" not in swedish and "Sign in" not in swedish  # its own strings
    links = re.findall(r'<a class="lang-switch" href="\?lang=(\w+)"[^>]*>([^<]+)</a>', swedish)
    assert links == [("fi", "Suomeksi"), ("en", "In English")]  # every other language, in itself
    english = client.get("/?lang=en").get_data(as_text=True)
    assert re.findall(r'href="\?lang=(\w+)"', english) == ["fi", "sv"] and "På svenska" in english
    assert 'lang="sv"' in client.get("/", headers={"Accept-Language": "sv-SE,sv;q=0.9"}).get_data(as_text=True)
    with app.test_request_context("/?lang=sv"):
        assert i18n.translator("sv")("audience.votes", n=2) == "2 röster"
        assert i18n.language_names("sv") == [("fi", "finska"), ("en", "engelska"), ("sv", "svenska")]
        assert i18n.language_names("en") == [("fi", "Finnish"), ("en", "English"), ("sv", "Swedish")]


def test_an_event_can_speak_a_third_language(app, client, organizer):
    """The settings offer every registered language, named in the page's language or in itself;
    the API takes it, and the event's phones get it."""
    i18n.use_languages(app, REGISTRY.with_language(SWEDISH))
    event = organizer.event()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert client.post("/login", data={"email": organizer.email, "password": "correct horse"}).status_code == 302
    page = client.get(f"/events/{event['id']}/settings?lang=fi").get_data(as_text=True)
    offered = re.findall(r'name="language" value="(\w+)"[^>]*> ([^<]+?)\s*</label>', page)
    browser = ("browser", "Heidän selaimensa kieli")
    assert offered == [("fi", "Suomi"), ("en", "Englanti"), ("sv", "Ruotsi"), browser]
    refused = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "de"})
    assert refused.status == 422
    assert refused.body["error"]["fields"]["language"] == ["Must be one of: fi, en, sv, browser."]
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "sv"}).status == 200
    phone = app.test_client().get(f"/j/{event['code']}", headers={"Accept-Language": "fi"})
    assert '<html lang="sv">' in phone.get_data(as_text=True)
