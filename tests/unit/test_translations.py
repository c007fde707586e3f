"""Translations: every key used exists and reaches its page, no built keys (test_languages.py
checks that every registered language has en.json's keys).

Real files only: server/translations/en.json, the templates, the page scripts and the ES modules
they import, every registered poll type's ui(), and the error codes the server raises.
"""

import ast
import inspect
import json
import re
from pathlib import Path

import pytest
import werkzeug.exceptions

from server.domain import DomainError, poll_types
from server.domain.languages import REGISTRY
from server.web import i18n
from tests.helpers.sample_polls import sample_poll

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for folder in ("server", "audience", "presenter") for p in (ROOT / folder).rglob("*.html"))
SCRIPTS = sorted(
    p
    for folder in ("audience", "presenter", "static")
    for p in (ROOT / folder).rglob("*.js")
    if "vendor" not in p.parts and p != ROOT / "static/js/i18n.js"
)  # i18n.js defines t()
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
LITERAL = r"""(?:"([^"\\]*)"|'([^'\\]*)')"""
CHOICE = re.compile(rf"^(?:[^?]|\?[.?])+\?\s*{LITERAL}\s*:\s*{LITERAL}$")  # cond ? "a" : "b" (JS)
JINJA_CHOICE = re.compile(rf"^{LITERAL}\s+if\s+.+\s+else\s+{LITERAL}$")  # 'a' if cond else 'b'
CALL = re.compile(r"(?<![\w$.])t\(")
UI_KEY_FIELDS = ("hint", "label", "total_key", "count_key", "ends", "screen_ends")
EN = i18n.catalogue(REGISTRY["en"])


def first_argument(text, start):
    """The source text of a call's first argument, from just after its "(" to the top-level , or )."""
    depth, i, quote = 0, start, None
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}" and depth:
            depth -= 1
        elif c in ",)" and not depth:
            return text[start:i].strip()
        i += 1
    return text[start:].strip()


def keys_of_argument(argument):
    """The keys a t() argument can be: one literal, or a choice between two; None when built."""
    for pattern in (re.compile(f"^{LITERAL}$"), CHOICE, JINJA_CHOICE):
        match = pattern.match(argument)
        if match:
            return [g for g in match.groups() if g is not None]
    return None


def t_calls(path):
    """[(line, argument, keys or None)] of every t(...) call in a script or template."""
    text = path.read_text("utf-8")
    calls = []
    for match in CALL.finditer(text):
        argument = first_argument(text, match.end())
        calls.append((text.count("\n", 0, match.start()) + 1, argument, keys_of_argument(argument)))
    return calls


def literal_keys(paths):
    return {key for path in paths for _, _, keys in t_calls(path) for key in keys or ()}


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)


def ui_keys(fields=UI_KEY_FIELDS):
    """Every catalogue key the server puts in poll.ui, from each registered type's ui()."""
    keys = set()
    for kind in poll_types.REGISTRY.values():
        ui = kind.ui(sample_poll(kind, state="closed"))
        keys |= {s for field in fields for s in strings_in(ui.get(field)) if KEY.match(s)}
    return keys


def error_codes():
    """Every error code the server can send: DomainError classes, code="…" in server/, HTTP errors
    it raises (named as server/web/errors.py names them), and codes the shared scripts make up."""
    codes, classes = set(), [DomainError]
    while classes:
        cls = classes.pop()
        codes.add(cls.code)
        classes += cls.__subclasses__()
    for path in (ROOT / "server").rglob("*.py"):
        text = path.read_text("utf-8")
        codes |= set(re.findall(r"""\bcode\s*=\s*["'](\w+)["']""", text))
        codes |= set(re.findall(r"""["']code["']\s*:\s*["'](\w+)["']""", text))
        codes |= set(re.findall(r"""\(\w+,\s*"[^"]*",\s*"(\w+)"\)""", text))  # votes.SCRIPT_ERRORS rows
        for name in re.findall(r"raise (\w+)\(", text):
            exc = getattr(werkzeug.exceptions, name, None)
            if inspect.isclass(exc) and issubclass(exc, werkzeug.exceptions.HTTPException):
                codes.add(exc().name.lower().replace(" ", "_"))  # as server/web/errors.py names it
    for path in (ROOT / "static/js").glob("*.js"):
        codes |= set(re.findall(r"""\bcode:\s*["'](\w+)["']""", path.read_text("utf-8")))
    return codes


def test_no_plural_by_key_suffix():
    pairs = [key for key in EN if key.endswith("_one") and key[:-4] in EN]
    assert not pairs, f"a plural is one key with {{one, other}}, not a _one twin: {pairs}"


@pytest.mark.parametrize(
    "source, keys",
    [
        ('t("audience.votes", { n })', ["audience.votes"]),
        ("t('gallery.title')", ["gallery.title"]),
        ('t(r?.csat == null ? "presenter.a" : "presenter.b")', ["presenter.a", "presenter.b"]),
        ("t('organizer.a' if kind else 'organizer.b')", ["organizer.a", "organizer.b"]),
        ("t(`presenter.state.${poll.state}`)", None),
        ("t(key, { n })", None),
        ('t("presenter." + group.key)', None),
        ("t('organizer.type.' + kind)", None),
        ("t(n === 1 ? `${key}_one` : key)", None),
    ],
)
def test_the_scanner_tells_literal_keys_from_built_ones(source, keys):
    assert keys_of_argument(first_argument(source, 2)) == keys


@pytest.mark.parametrize("path", SCRIPTS + TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_is_written_literally(path):
    built = [f"line {line}: t({argument}" for line, argument, keys in t_calls(path) if keys is None]
    assert not built, (
        "keys must be literal so they can be found and checked; a key the server "
        "sends in poll.ui goes through uiText(): " + "; ".join(built)
    )


def test_every_key_used_exists():
    used = literal_keys(SCRIPTS + TEMPLATES) | ui_keys()
    missing = sorted(key for key in used if key not in EN)
    assert not missing, f"used but not in server/translations/en.json: {missing}"


def test_every_error_code_has_a_string():
    missing = sorted(code for code in error_codes() if f"error.{code}" not in EN)
    assert not missing, f"add error.<code> to every translation file for: {missing}"


def test_no_unused_keys():
    used = literal_keys(SCRIPTS + TEMPLATES) | ui_keys() | {f"error.{code}" for code in error_codes()}
    used |= {i18n.NAME_KEY.format(code=code) for code in REGISTRY.codes}  # optional: a picker falls back
    unused = sorted(set(EN) - used)
    assert not unused, f"nothing uses these keys; delete them from every file: {unused}"


# -- each page receives the strings its scripts use ------------------------------------------------


def template_pages():
    """[(template, its strings groups, its module scripts)] for every template that loads a module."""
    pages = []
    for path in TEMPLATES:
        text = path.read_text("utf-8")
        entries = re.findall(
            r"""<script type="module" src="\{\{ url_for\('([\w.]+)', filename='([^']+)'\) \}\}">""", text
        )
        if entries:
            groups = re.search(r"\{%-?\s*set strings\s*=\s*(\[.*?\])\s*-?%\}", text, re.S)
            pages.append((path, ast.literal_eval(groups.group(1)) if groups else [], entries))
    return pages


def static_folders(app):
    """URL prefix → folder for the app's and every blueprint's static files, and endpoint → folder."""
    by_url = {app.static_url_path: Path(app.static_folder)}
    by_endpoint = {"static": Path(app.static_folder)}
    for name, blueprint in app.blueprints.items():
        if blueprint.static_folder:
            by_url[blueprint.static_url_path] = Path(blueprint.static_folder)
            by_endpoint[f"{name}.static"] = Path(blueprint.static_folder)
    return by_url, by_endpoint


def module_closure(entry, by_url):
    """The entry script and every module it imports, following `import … from "…"` recursively."""
    seen, todo = set(), [entry.resolve()]
    while todo:
        path = todo.pop()
        if path in seen or "vendor" in path.parts:  # third-party modules carry no keys
            continue
        seen.add(path)
        for spec in re.findall(
            r"""^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']""", path.read_text("utf-8"), re.M | re.S
        ):
            if spec.startswith("."):
                todo.append((path.parent / spec).resolve())
            else:
                prefix = max((p for p in by_url if spec.startswith(p + "/")), key=len)
                todo.append((by_url[prefix] / spec[len(prefix) + 1 :]).resolve())
    return seen


def test_pages_find_their_templates_and_scripts(app):
    pages = template_pages()
    names = {p.name for p, _, _ in pages}
    assert {"join.html", "screen.html", "dashboard.html", "reactions.html"} <= names
    _, by_endpoint = static_folders(app)
    for path, _, entries in pages:
        for endpoint, filename in entries:
            assert (by_endpoint[endpoint] / filename).is_file(), (path, filename)


@pytest.mark.parametrize("page", template_pages(), ids=lambda page: page[0].name)
def test_each_page_is_sent_the_keys_its_scripts_use(app, page):
    path, groups, entries = page
    by_url, by_endpoint = static_folders(app)
    modules = set().union(*(module_closure(by_endpoint[e] / f, by_url) for e, f in entries))
    used = literal_keys(modules)
    sources = "\n".join(m.read_text("utf-8") for m in modules if m.name != "i18n.js")
    if "uiText(" in sources:
        fields = [f for f in UI_KEY_FIELDS if re.search(rf"\bui\??\.{f}\b", sources)]
        used |= ui_keys(fields)
    if "errorText(" in sources:
        used |= {f"error.{code}" for code in error_codes()}
    sent = i18n.page_strings("fi", tuple(groups))
    missing = sorted(used - set(sent))
    assert not missing, f"{path.name} lists strings = {groups}; add the groups of: {missing}"


def test_a_page_embeds_only_its_groups(client, organizer):
    event = organizer.event()
    page = client.get(f"/j/{event['code']}?lang=fi").get_data(as_text=True)
    embedded = json.loads(
        re.search(r'<script id="catalogue" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    assert embedded["audience.votes"] == {"one": "{n} ääni", "other": "{n} ääntä"}
    assert "error.poll_closed" in embedded
    assert not [key for key in embedded if key.startswith(("organizer.", "gallery.", "presenter."))]


def test_templates_translate_with_plural_rules(app):
    with app.test_request_context("/?lang=fi"):
        t = i18n.translator("fi")
        assert t("audience.votes", n=1) == "1 ääni" and t("audience.votes", n=5) == "5 ääntä"
        assert i18n.translator("en")("audience.votes", n=0) == "0 votes"
        assert t("presenter.votes") == "ääntä"  # no n: the "other" form
        assert t("no.such_key") == "no.such_key"
        assert i18n.translator("en")("audience.quiz.rank", rank=2, total=900) == "You are #2 with 900 points"
