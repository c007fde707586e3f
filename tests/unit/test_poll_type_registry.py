"""Every registered poll type is whole, and the pages find it by registry.

Adding a type (README, "Adding a poll type") means one Python class, one form module, one view module
and strings; its `ui()` names the phone's form, the screen's view (which also names the phone's results
view) and the settings the organizer's poll card notes. These tests fail when any of them is missing,
and when a page script branches on a type's name instead of asking its `ui`.
"""

import re
from pathlib import Path

import pytest

from server.domain import poll_types
from server.web import i18n
from tests.helpers.sample_polls import sample_poll

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "audience/static/forms"
VIEWS = ROOT / "presenter/static/screen/views"
PHONE_RESULTS = ROOT / "audience/static/results_view.js"
POLL_CARD = ROOT / "presenter/static/organizer/poll_card.js"
PAGE_SCRIPTS = sorted(
    p
    for folder in ("audience/static", "presenter/static", "static/js")
    for p in (ROOT / folder).rglob("*.js")
    if "vendor" not in p.parts
)
POLL_STATES = {"draft", "open", "closed"}


def catalogue_keys(value):
    """Every string in a ui() description that names a catalogue key (they all contain a dot)."""
    if isinstance(value, dict):
        return {k for v in value.values() for k in catalogue_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in catalogue_keys(v)}
    return {value} if isinstance(value, str) and "." in value else set()


def registry_keys(path, name):
    """The keys of a script's `const NAME = {...}`, written on one line or one entry per line."""
    lines = path.read_text("utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"(export )?const {name} = \{{", line)), None)
    if start is None:
        return set()
    one_line = re.match(rf"(?:export )?const {name} = \{{(.*)\}};", lines[start])
    if one_line:
        return {part.split(":")[0].strip() for part in one_line.group(1).split(",") if part.strip()}
    body = lines[start + 1 : start + lines[start:].index("};")]
    return {m.group(1) for line in body if (m := re.match(r"  (\w+)\s*[:,]", line))}


@pytest.mark.parametrize("name", sorted(poll_types.REGISTRY))
def test_every_type_has_a_form_a_view_and_strings(name):
    kind = poll_types.REGISTRY[name]
    ui = kind.ui(sample_poll(kind))
    assert (FORMS / f"{ui['form']}.js").is_file(), f"{name}: no phone form module {ui['form']}.js"
    assert ui["form"] in registry_keys(FORMS / "index.js", "FORMS"), f"{name}: form {ui['form']} not in forms/index.js"
    assert (VIEWS / f"{ui['view']}.js").is_file(), f"{name}: no presenter view module {ui['view']}.js"
    assert ui["view"] in registry_keys(VIEWS / "index.js", "VIEWS"), f"{name}: view {ui['view']} not in views/index.js"
    keys = catalogue_keys(ui)
    assert f"organizer.type.{name}" in keys and ui["hint"]["key"] in keys
    for lang in i18n.LANGUAGES:
        missing = keys - set(i18n.CATALOGUE[lang])
        assert not missing, f"{name}: {lang} lacks {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(poll_types.REGISTRY))
def test_every_type_has_a_phone_results_view_and_an_organizer_card(name):
    kind = poll_types.REGISTRY[name]
    ui = kind.ui(sample_poll(kind))
    phone_views = registry_keys(PHONE_RESULTS, "VIEWS")
    assert ui["view"] in phone_views, f"{name}: no phone results view {ui['view']} in results_view.js"
    assert isinstance(ui.get("card"), list), f"{name}: ui() gives no `card` for the organizer's poll card"
    noted = {entry["setting"] for entry in ui["card"]}
    shown = {f["name"] for f in kind.setting_fields if f["kind"] != "option"}  # an option is marked on its chip
    assert noted == shown, f"{name}: the poll card notes {sorted(noted)}, the type's settings are {sorted(shown)}"
    notes = registry_keys(POLL_CARD, "NOTES")
    assert noted <= notes, f"{name}: poll_card.js NOTES has no note for {sorted(noted - notes)}"
    assert all(isinstance(entry["n"], int) for entry in ui["card"])


def test_the_key_reader_reads_both_layouts(tmp_path):
    script = tmp_path / "x.js"
    script.write_text(
        'export const FORMS = { choice, scale: s };\nconst NOTES = {\n  a: (n) => t("x", { n }),\n  b,\n};\n'
    )
    assert registry_keys(script, "FORMS") == {"choice", "scale"}
    assert registry_keys(script, "NOTES") == {"a", "b"}


# -- no page script branches on a type's name -------------------------------------------------------

NAMES = "|".join(sorted(poll_types.REGISTRY))
QUOTED = rf"""(["'])(?:{NAMES})\1"""
TYPE = r"[\w$.?]*\btype\b"  # poll.type, nextPoll?.type, insights.score_poll.type
COMPARISONS = [
    rf"{TYPE}\s*[!=]==?\s*{QUOTED}",
    rf"{QUOTED}\s*[!=]==?\s*{TYPE}",
    rf"\[[^\]]*{QUOTED}[^\]]*\]\s*\.(?:includes|indexOf)\(\s*{TYPE}\s*\)",
    rf"switch\s*\(\s*{TYPE}\s*\)",
    rf"{TYPE}\s*\?\?\s*{QUOTED}",
]


def other_meanings():
    """Type names that are also a ui name (a form, view or palette) or a poll's state."""
    names = set(POLL_STATES)
    for kind in poll_types.REGISTRY.values():
        ui = kind.ui(sample_poll(kind))
        names |= {ui[field] for field in ("form", "view", "palette") if field in ui}
    return names


def type_branches(text):
    """[(line, source)] of every line where a script compares a type to a type's name, or writes a type
    name that means nothing else; a registry's own key (`nps: …`, `"nps": …`) is allowed."""
    found = [m.start() for pattern in COMPARISONS for m in re.finditer(pattern, text)]
    only_types = "|".join(sorted(set(poll_types.REGISTRY) - other_meanings()))
    for m in re.finditer(rf"""(["'])(?:{only_types})\1""", text):
        is_key = re.match(r"\s*:", text[m.end() :]) and re.search(r"(^|[{,])\s*\Z", text[: m.start()], re.M)
        if not is_key:
            found.append(m.start())
    lines = text.splitlines()
    return sorted({(text.count("\n", 0, at) + 1, lines[text.count("\n", 0, at)].strip()) for at in found})


@pytest.mark.parametrize(
    "source, branches",
    [
        ('if (poll.type === "quiz") x();', 1),
        ("if ('open' !== next?.type) x();", 1),
        ('const s = ["rating", "nps"].includes(poll.type);', 1),
        ("switch (poll.type) {\n  case 'ces':\n}", 2),
        ('const kind = insights.score_poll.type;\nif (kind === "csat") x();', 1),
        ('let kind = kinds[poll?.type ?? "single"];', 1),
        ('const SPLITS = { nps: a, csat: b };\nconst more = {\n  "wordcloud": c,\n};', 0),
        ('if (poll.state === "open" && poll.ui.view === "quiz") x();', 0),
        ("if (nextPoll.type !== poll.type) x();", 0),
    ],
)
def test_the_branch_finder_finds_branches(source, branches):
    assert len(type_branches(source)) == branches, type_branches(source)


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_script_branches_on_a_type_name(path):
    """What differs by type comes from poll.ui or a registry keyed by a name poll.ui gives."""
    found = type_branches(path.read_text("utf-8"))
    assert not found, f"{path.name} branches on a poll type's name: " + "; ".join(f"line {n}: {s}" for n, s in found)


def test_pages_repeat_no_server_limit():
    """Bounds and limits reach the pages in poll.ui; no script writes them again."""
    scripts = [*FORMS.glob("*.js"), *VIEWS.glob("*.js"), *(ROOT / "presenter/static/screen").glob("*.js")]
    limits = {str(poll_types.REGISTRY["open"].MAX_TEXT), str(poll_types.REGISTRY["wordcloud"].MAX_WORD)}
    for script in scripts:
        for limit in limits:
            assert not re.search(rf"(?<![\w.#]){limit}(?![\w%])", script.read_text()), f"{script.name} repeats {limit}"


# -- option images: every part a type with `option_images` needs ------------------------------------

IMAGE_TYPES = sorted(name for name, kind in poll_types.REGISTRY.items() if kind.option_images)
DRAWS_OPTION_IMAGES = {  # the shared piece that draws an option's picture, and how it reads it
    ROOT / "audience/static/forms/parts.js": "option.src",
    ROOT / "static/js/bars.js": "option.src",
    ROOT / "presenter/static/organizer/poll_form.js": "kind.option_images",
}


def test_an_image_type_exists():
    assert IMAGE_TYPES, "no registered type has option_images (image choice)"


@pytest.mark.parametrize("name", IMAGE_TYPES)
def test_an_image_type_is_drawn_with_its_pictures_everywhere(name):
    kind = poll_types.REGISTRY[name]
    for path, reads in DRAWS_OPTION_IMAGES.items():
        assert reads in path.read_text("utf-8"), f"{path.name} does not draw option images ({reads})"
    polls = [sample_poll(kind)]
    polls.append({**polls[0], "settings": {**polls[0]["settings"], "max_choices": len(polls[0]["options"])}})
    for poll in polls:
        ui = kind.ui(poll)
        form = (FORMS / f"{ui['form']}.js").read_text("utf-8")
        assert re.search(r"import \{[^}]*\boptionButton\b[^}]*\} from \"\./parts\.js\"", form), f"{ui['form']}.js"
        view = (VIEWS / f"{ui['view']}.js").read_text("utf-8")
        assert re.search(r"import \{[^}]*\boptionRows\b[^}]*\} from \"/static/js/bars\.js\"", view), ui["view"]
    assert "optionRows" in PHONE_RESULTS.read_text("utf-8")
    assert all(o["image"] and o["alt"] for o in polls[0]["options"])


def test_images_are_uploaded_served_and_exported(app):
    from server.media.exports import FORMATS

    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"api.upload_image", "images.image_file"} <= endpoints  # test_image_choice.py: how they behave
    assert all(callable(getattr(writer, "image", None)) for writer in FORMATS.values()), "a writer has no image()"
