"""Every registered poll type is whole: a phone form, a presenter view, and its strings in both languages.

Adding a type (README, "Adding a poll type") means one Python class, one form module, one view module
and strings; this test fails when any of the four is missing.
"""

import re
from pathlib import Path

import pytest

from server import i18n
from server.domain import poll_types

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "audience/static/forms"
VIEWS = ROOT / "presenter/static/screen/views"


def sample_poll(kind):
    options = [{"id": "o1", "text": "A"}, {"id": "o2", "text": "B"}] if kind.needs_options else []
    settings = {"correct": 0} if kind.name == "quiz" else {}
    options, settings = kind.definition(options, settings)
    return {"id": "p1", "type": kind.name, "options": options, "settings": settings, "state": "draft"}


def catalogue_keys(value):
    """Every string in a ui() description that names a catalogue key (they all contain a dot)."""
    if isinstance(value, dict):
        return {k for v in value.values() for k in catalogue_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in catalogue_keys(v)}
    return {value} if isinstance(value, str) and "." in value else set()


@pytest.mark.parametrize("name", sorted(poll_types.REGISTRY))
def test_every_type_has_a_form_a_view_and_strings(name):
    kind = poll_types.REGISTRY[name]
    ui = kind.ui(sample_poll(kind))
    assert (FORMS / f"{ui['form']}.js").is_file(), f"{name}: no phone form module {ui['form']}.js"
    forms = re.search(r"export const FORMS = \{([^}]*)\}", (FORMS / "index.js").read_text()).group(1)
    assert re.search(rf"\b{ui['form']}\b", forms), f"{name}: form {ui['form']} is not in forms/index.js"
    assert (VIEWS / f"{ui['view']}.js").is_file(), f"{name}: no presenter view module {ui['view']}.js"
    views = re.search(r"export const VIEWS = \{([^}]*)\}", (VIEWS / "index.js").read_text()).group(1)
    assert re.search(rf"\b{ui['view']}\s*:", views), f"{name}: view {ui['view']} is not in views/index.js"
    keys = catalogue_keys(ui)
    assert f"organizer.type.{name}" in keys and ui["hint"]["key"] in keys
    for lang in i18n.LANGUAGES:
        missing = keys - set(i18n.CATALOGUE[lang])
        assert not missing, f"{name}: {lang} lacks {sorted(missing)}"


def test_pages_repeat_no_server_limit():
    """Bounds and limits reach the pages in poll.ui; no script writes them again."""
    scripts = [*FORMS.glob("*.js"), *VIEWS.glob("*.js"), *(ROOT / "presenter/static/screen").glob("*.js")]
    limits = {str(poll_types.REGISTRY["open"].MAX_TEXT), str(poll_types.REGISTRY["wordcloud"].MAX_WORD)}
    for script in scripts:
        for limit in limits:
            assert not re.search(rf"(?<![\w.#]){limit}(?![\w%])", script.read_text()), f"{script.name} repeats {limit}"
