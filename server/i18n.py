"""UI strings: one JSON file per language in translations/, plural forms, a request's language.

The same JSON reaches the browser (`static/js/i18n.js`), so a string is written once for the
server's templates and the pages' scripts. A plural string is an object of CLDR categories,
`{"one": "{n} vote", "other": "{n} votes"}`. A page receives only the key groups its template
lists in `{% set strings = [...] %}`.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from flask import g, request

LANGUAGES = ("en", "fi")
COOKIE = "hetki_lang"
FOLDER = Path(__file__).with_name("translations")
CATALOGUE = {lang: json.loads((FOLDER / f"{lang}.json").read_text("utf-8")) for lang in LANGUAGES}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def plural_category(lang, n):
    """The CLDR cardinal category of n; English and Finnish share one rule: "one" for 1, else "other".

    A language with other categories (few, many) would bring its rule here, or Babel's.
    """
    return "one" if n == 1 else "other"


def fill(text, values):
    """Replaces {name} with values[name], as `t()` in the browser does (missing names are empty)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), text)


def translator(lang):
    strings, fallback = CATALOGUE[lang], CATALOGUE["en"]

    def t(key, **values):
        entry = strings.get(key) or fallback.get(key) or key
        if isinstance(entry, dict):
            entry = entry.get(plural_category(lang, values.get("n"))) or entry["other"]
        return fill(entry, values)

    return t


@lru_cache(maxsize=64)
def page_strings(lang, groups):
    """The keys of `groups` ("audience" is every "audience.*" key; a whole key names itself)."""
    prefixes = tuple(f"{group}." for group in groups)
    return {key: text for key, text in CATALOGUE[lang].items() if key in groups or key.startswith(prefixes)}


def pick_language():
    """The switch (?lang= or its cookie) first, then the language a page's event asks for
    (`g.event_language`, fi or en; "browser" defers), then the browser's Accept-Language."""
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if g.get("event_language") in LANGUAGES:
        return g.event_language
    return request.accept_languages.best_match(LANGUAGES) or "en"


def init_app(app):
    @app.context_processor
    def inject_translations():
        lang = pick_language()
        return {
            "lang": lang,
            "t": translator(lang),
            "other_lang": "fi" if lang == "en" else "en",
            "page_strings": lambda groups: page_strings(lang, tuple(groups)),
        }

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
        return response
