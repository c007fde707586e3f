"""Issue 16: rooms by role inside server/, every import pointing down, no file over 300 lines.

The check reads the source with `ast` (no module is imported): every `import` and `from … import`,
top-level or inside a function, is resolved to `server.<room>…` and compared by layer. Importing a
leaf such as `server.domain.errors` still runs `server/domain/__init__.py` when Python loads it; the
check is about what each module asks for, and that __init__ asks for nothing above the domain.
"""

import ast

from tests.helpers.sources import ROOT, plant, server_copy, server_sources

# Low to high: a module imports from its own layer or lower ones, never from a higher one.
LAYERS = [
    ("leaf", ("server.domain.errors", "server.domain.languages")),
    ("store", ("server.store",)),
    ("domain", ("server.domain",)),
    ("media", ("server.media",)),
    ("jobs", ("server.jobs",)),
    ("web and realtime", ("server.web", "server.realtime")),
    ("runtime", ("server.runtime",)),
    ("wiring", ("server", "server.__main__")),  # create_app and `python -m server` only
]
# Within one layer: the sockets use the web's schemas and errors, so the web never imports them back.
FORBIDDEN = {
    "server.web": ("server.realtime",),
    # plain Python: handed what it needs (the store's topics, a run_blocking port, the media store)
    "server.domain": ("server.store", "flask", "flask_socketio", "socketio", "engineio", "eventlet", "gevent"),
}
LEAVES = LAYERS[0][1]
MAX_LINES = 300
PAGE_SCRIPTS = ("audience/static", "presenter/static", "static/js")


def _owner(module, prefixes):
    """The longest of `prefixes` that `module` is or lies under, else None."""
    found = [p for p in prefixes if module == p or module.startswith(p + ".")]
    return max(found, key=len, default=None)


def layer_of(module):
    ranks = {prefix: rank for rank, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes}
    owner = _owner(module, ranks)
    if owner == "server" and module not in ("server", "server.__main__"):
        return None  # a module beside __init__ and __main__, in no room
    return None if owner is None else ranks[owner]


def module_name(root, path):
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(root, path, tree):
    """(line, module) for everything `path` imports; `from pkg import name` counts as `pkg.name`
    when that is a module of ours, else as `pkg`."""
    name = module_name(root, path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                candidate = root.joinpath(*f"{target}.{alias.name}".split("."))
                is_module = candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file()
                yield node.lineno, f"{target}.{alias.name}" if is_module else target


def violations(root):
    """Every import under root/server that points up a layer, out of every room, or somewhere its
    room may not look; [] when the layout holds."""
    found = []
    for path, tree in server_sources(root):
        source = module_name(root, path)
        rank = layer_of(source)
        where = path.relative_to(root)
        if rank is None:
            found.append(f"{where}: in no room ({', '.join(p for _, ps in LAYERS for p in ps)})")
            continue
        for line, target in imported(root, path, tree):
            ours = target == "server" or target.startswith("server.")
            if ours and source in LEAVES:
                found.append(f"{where}:{line}: a leaf imports {target}")
            elif ours and (layer_of(target) is None or layer_of(target) > rank):
                above = LAYERS[layer_of(target)][0] if layer_of(target) is not None else "no room"
                found.append(f"{where}:{line}: {LAYERS[rank][0]} imports {target} ({above})")
            room = _owner(source, FORBIDDEN)
            banned = room and _owner(target, FORBIDDEN[room])
            if banned and not (ours and target in LEAVES):
                found.append(f"{where}:{line}: {room} may not import {target}")
    return found


def test_no_module_imports_from_a_higher_layer():
    assert violations(ROOT) == []


def test_the_check_finds_an_import_planted_upward(tmp_path):
    server_copy(tmp_path)
    assert violations(tmp_path) == []
    planted = {
        "server/domain/votes.py": "from ..runtime.offload import run_blocking\n",
        "server/store/polls.py": "def later():\n    from server.domain import polls\n",
        "server/domain/errors.py": "from . import text\n",
        "server/web/pages.py": "from ..realtime import connection_census\n",
        "server/media/qr.py": "import flask\nfrom ..web import helpers\n",
        "server/domain/text.py": "from ..store.keys import Keys\nimport eventlet\n",
        "server/stray.py": "",
    }
    plant(tmp_path, planted)
    found = "\n".join(violations(tmp_path))
    assert "server/domain/votes.py" in found and "domain imports server.runtime.offload (runtime)" in found
    assert "server/store/polls.py" in found and "store imports server.domain.polls (domain)" in found
    assert "server/domain/errors.py" in found and "a leaf imports server.domain.text" in found
    assert "server.web may not import server.realtime.connection_census" in found
    assert "media imports server.web.helpers (web and realtime)" in found
    assert "server.domain may not import server.store.keys" in found and "may not import eventlet" in found
    assert "server/stray.py: in no room" in found
    assert "flask" not in found  # media may use Flask's libraries; only the domain may not


def long_files(root):
    files = [*(root / "server").rglob("*.py")]
    files += [p for folder in PAGE_SCRIPTS for p in (root / folder).rglob("*.js") if "vendor" not in p.parts]
    return {str(p.relative_to(root)): n for p in files if (n := len(p.read_text().splitlines())) > MAX_LINES}


def test_no_file_is_over_300_lines(tmp_path):
    assert not long_files(ROOT), f"split these (STYLE.md, habit 9): {long_files(ROOT)}"
    (tmp_path / "server" / "web").mkdir(parents=True)
    (tmp_path / "static" / "js" / "vendor").mkdir(parents=True)
    (tmp_path / "server" / "web" / "big.py").write_text("x = 1\n" * 301)
    (tmp_path / "static" / "js" / "page.js").write_text("let x;\n" * 301)
    (tmp_path / "static" / "js" / "vendor" / "lib.js").write_text("let x;\n" * 5000)
    (tmp_path / "server" / "web" / "short.py").write_text("x = 1\n" * 300)
    assert long_files(tmp_path) == {"server/web/big.py": 301, "static/js/page.js": 301}


def test_the_wiring_hands_the_domain_its_concurrency_port(app):
    """The domain no longer imports offload: what it is handed must be the real one, or hashing and
    video probes would run on the event loop (test_offload_lanes.py measures that in both modes)."""
    from server.runtime import offload

    services = app.extensions["hetki"]
    assert services.organizers.run_blocking is offload.run_blocking
    assert services.reactions.run_blocking is offload.run_blocking
    assert services.run_blocking is offload.run_blocking  # the web layer's (exports, the PDF)
