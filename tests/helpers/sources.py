"""The server's Python sources, for the checks that read them (layers, vote records, type branches),
and a copy of them to plant code in, which shows that such a check can fail."""

import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def server_sources(root=ROOT, outside=()):
    """(path, syntax tree) of every module under root/server but those under the folders `outside`
    (paths relative to root)."""
    skipped = [root / folder for folder in outside]
    for path in sorted((root / "server").rglob("*.py")):
        if not any(folder in path.parents for folder in skipped):
            yield path, ast.parse(path.read_text("utf-8"), str(path))


def server_copy(folder):
    """A copy of server/ under `folder`, which stands in for the repository's root."""
    shutil.copytree(ROOT / "server", folder / "server", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def plant(root, code):
    """Appends each {path relative to root: source} to its file (made if it is not there)."""
    for name, text in code.items():
        with (root / name).open("a") as file:
            file.write(text)
