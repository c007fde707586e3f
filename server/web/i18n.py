"""UI strings: one JSON file per language in translations/, plural forms, a request's language.

The languages are server/domain/languages.py's registry; an app may be given another
(`use_languages`), as the translation test does with a third one. The same JSON reaches the
browser (`static/js/i18n.js`), so a string is written once for the server's templates and the
pages' scripts. A plural string is an object of CLDR categories,
`{"one": "{n} vote", "other": "{n} votes"}`. A page receives only the key groups its template
lists in `{% set strings = [...] %}`.
"""

import json
import re
from functools import lru_cache

from flask import current_app, g, has_app_context, request

from ..domain.languages import REGISTRY, Language, Registry

COOKIE = "hetki_lang"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLURAL_CATEGORIES = ("one", "other")  # those plural_category() can answer
NAME_KEY = "organizer.settings.language_{code}"  # a language's name in a page's language, if it has one
EXTENSION = "hetki_languages"


@lru_cache(maxsize=16)
def catalogue(language: Language) -> dict:
    return json.loads(language.translations.read_text("utf-8"))


LANGUAGES = REGISTRY.codes  # the built-in codes; a request's registry is languages()
CATALOGUE = {language.code: catalogue(language) for language in REGISTRY}


def use_languages(app, registry: Registry):
    app.extensions[EXTENSION] = registry


def languages() -> Registry:
    """The current app's registry (the built-in one outside an app)."""
    return current_app.extensions.get(EXTENSION, REGISTRY) if has_app_context() else REGISTRY


def plural_category(lang, n):
    """The CLDR cardinal category of n; English and Finnish share one rule: "one" for 1, else "other".

    A language with other categories (few, many) would bring its rule here, or Babel's.
    """
    return "one" if n == 1 else "other"


def fill(text, values):
    """Replaces {name} with values[name], as `t()` in the browser does (missing names are empty)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), text)


def translator(lang, registry=None):
    registry = registry or languages()
    strings, fallback = catalogue(registry[lang]), catalogue(registry.default)

    def t(key, **values):
        entry = strings.get(key) or fallback.get(key) or key
        if isinstance(entry, dict):
            entry = entry.get(plural_category(lang, values.get("n"))) or entry["other"]
        return fill(entry, values)

    return t


def language_names(lang, registry=None):
    """[(code, name)] of every language, named in `lang` when its catalogue has a name, else in itself."""
    registry = registry or languages()
    strings = catalogue(registry[lang])
    return [(language.code, strings.get(NAME_KEY.format(code=language.code)) or language.name) for language in registry]


@lru_cache(maxsize=64)
def _page_strings(language, groups):
    prefixes = tuple(f"{group}." for group in groups)
    return {key: text for key, text in catalogue(language).items() if key in groups or key.startswith(prefixes)}


def page_strings(lang, groups, registry=None):
    """The keys of `groups` ("audience" is every "audience.*" key; a whole key names itself)."""
    return _page_strings((registry or languages())[lang], tuple(groups))


def pick_language():
    """The switch (?lang= or its cookie) first, then the language a page's event asks for
    (`g.event_language`, a registry code; "browser" defers), then the browser's Accept-Language.
    A page the audience or a client sees (`speak_the_events_language`) of an event in one
    language heeds only ?lang=, not the organizer's cookie."""
    registry = languages()
    chosen = request.args.get("lang")
    offered = g.get("event_languages")  # a bilingual event's phone: the remembered one of the two
    if offered:
        remembered = request.cookies.get(COOKIE)
        chosen = chosen or (remembered if remembered in offered else None)
        return chosen if chosen in registry else request.accept_languages.best_match(offered) or offered[0]
    if not (g.get("event_first") and g.get("event_language") in registry):
        chosen = chosen or request.cookies.get(COOKIE)
    if chosen in registry:
        return chosen
    if g.get("event_language") in registry:
        return g.event_language
    default = registry.default.code  # werkzeug gives a tie to the first it is offered
    return request.accept_languages.best_match((default, *registry.codes)) or default


def speak_the_events_language(event):
    """The projector, the results page and the report speak the event's language, not the
    organizer's: their cookie and browser choose their own pages only. ?lang= still overrides."""
    g.event_language = event["language"]
    g.event_first = True


def offered_languages(event):
    """(primary, second) of a bilingual event, else (): each of its phones chooses between the two;
    its screen, results page and report speak the primary (`language`)."""
    pair = (event["language"], event.get("second_language"))
    return pair if pair[0] != pair[1] and all(code in languages() for code in pair) else ()


def speak_to_the_phone(event):
    """The phone page: the event's language, or the attendee's pick of a bilingual event's two."""
    g.event_language = event["language"]  # the organizer's choice, unless the attendee switched
    g.event_languages = offered_languages(event)


def event_language(event):
    """The language of what `event`'s audience or client sees (as the page speak_the_events_language picks)."""
    speak_the_events_language(event)
    return pick_language()


def init_app(app):
    app.extensions.setdefault(EXTENSION, REGISTRY)

    @app.context_processor
    def inject_translations():
        lang = pick_language()
        return {
            "lang": lang,
            "t": translator(lang),
            "other_languages": [
                language
                for language in languages().others(lang)
                if language.code in (g.get("event_languages") or languages())
            ],
            "language_names": lambda: language_names(lang),
            "page_strings": lambda groups: page_strings(lang, tuple(groups)),
        }

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in languages():
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
        return response
