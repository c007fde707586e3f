"""Configuration: the one place that reads environment variables, each by its row of the table in
server/runtime/settings.py. `hetki --help` prints that table (help_text) and docs/configuration.md holds it
as Markdown: `python -m server.runtime.config --write` writes it there between the marker comments."""

import argparse
import os
import secrets
import textwrap
from itertools import groupby
from pathlib import Path

from .settings import BY_NAME, RATE_LIMIT_DEFAULTS, SETTINGS, Setting

__all__ = ["RATE_LIMIT_DEFAULTS", "Config", "async_mode_setting", "help_text", "markdown_table"]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
TABLE_START = (
    "<!-- settings table: made from server/runtime/settings.py by `python -m server.runtime.config --write` -->"
)
TABLE_END = "<!-- end of the settings table -->"


def chosen(name: str) -> bool:
    """True when the environment sets this setting, rather than leaving it at its default."""
    return bool(os.environ.get(BY_NAME[name].name))


def async_mode_setting() -> str:
    """ASYNC_MODE, alone: `python -m server` monkey-patches by it before importing anything else."""
    return BY_NAME["ASYNC_MODE"].read(os.environ)


def _generated_secret_key(data_dir: Path) -> str:
    """A secret key generated once and kept in DATA_DIR (when SECRET_KEY is not set)."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


class Config:
    """Settings for one server process: an attribute per row of server/runtime/settings.py (named by its
    `attribute`, else its variable), read from the environment; RATE_LIMITS gathers the
    RATE_LIMIT_* rows by name. Keyword arguments override any of them."""

    def __init__(self, **overrides):
        for setting in SETTINGS:
            if setting.attribute != "-":
                setattr(self, setting.attribute or setting.name, setting.read(os.environ))
        self.RATE_LIMITS = {
            name: BY_NAME[f"RATE_LIMIT_{name.upper()}"].read(os.environ) for name in RATE_LIMIT_DEFAULTS
        }
        for key, value in overrides.items():
            setattr(self, key, value)
        self.DATA_DIR = Path(self.DATA_DIR)
        if "MEDIA_DIR" not in overrides and not os.environ.get("MEDIA_DIR"):
            self.MEDIA_DIR = (self.DATA_DIR / "media").resolve()
        if "SECRET_KEY" not in overrides:
            self.SECRET_KEY = self.SECRET_KEY or _generated_secret_key(self.DATA_DIR)

    def flask_settings(self):
        return {
            "SECRET_KEY": self.SECRET_KEY,
            "MAX_CONTENT_LENGTH": self.MAX_CONTENT_LENGTH,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "JSON_SORT_KEYS": False,
        }


def _bytes(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size and n % size == 0:
            return f"{n} ({n // size} {unit})"
    return str(n)


def default_text(setting: Setting) -> str:
    """A setting's default in Markdown: a number as it is, a word as code, nothing as "unset"."""
    if setting.shown:
        return setting.shown
    if isinstance(setting.default, float):
        return f"{setting.default:g}"
    if isinstance(setting.default, str) and not setting.default.isdigit():
        return f"`{setting.default}`" if setting.default else "unset"
    return _bytes(setting.default) if "_BYTES" in setting.name else str(setting.default)


def help_text(width: int = 100) -> str:
    """Every setting, by section, as `hetki --help` prints it."""
    column = max(len(setting.name) for setting in SETTINGS) + 3
    lines = ["Settings come from environment variables (docs/configuration.md says the same):"]
    for section, settings in groupby(SETTINGS, lambda setting: setting.section):
        lines += ["", f"{section}:"]
        for setting in settings:
            default = default_text(setting)
            text = setting.meaning + ("" if default == "unset" else f" (default {default})")
            lines += textwrap.wrap(
                text.replace("`", ""),
                width,
                initial_indent=f"  {setting.name:<{column - 2}}",
                subsequent_indent=" " * column,
                break_on_hyphens=False,
            )
    return "\n".join(lines)


def markdown_table() -> str:
    """Every setting as docs/configuration.md's table, a bold row opening each section."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for section, settings in groupby(SETTINGS, lambda setting: setting.section):
        rows.append(f"| **{section}** | | |")
        rows += [f"| `{s.name}` | {default_text(s)} | {s.meaning} |" for s in settings]
    return "\n".join(rows)


def documented_table(document: str) -> str | None:
    """The table between the marker comments of docs/configuration.md's text, or None."""
    start, end = document.find(TABLE_START), document.find(TABLE_END)
    if start < 0 or end < start:
        return None
    return document[start + len(TABLE_START) : end].strip("\n")


def write_docs(path: Path = DOCS) -> bool:
    """Puts markdown_table() between the markers of `path`; whether that changed the file."""
    document = path.read_text()
    if documented_table(document) is None:
        raise SystemExit(f"{path} has no {TABLE_START} … {TABLE_END} markers")
    before, rest = document.split(TABLE_START, 1)
    after = rest.split(TABLE_END, 1)[1]
    updated = f"{before}{TABLE_START}\n{markdown_table()}\n{TABLE_END}{after}"
    path.write_text(updated)
    return updated != document


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m server.runtime.config", description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"write the table into {DOCS.name}")
    if parser.parse_args().write:
        print(f"{DOCS}: {'updated' if write_docs() else 'already up to date'}")
    else:
        print(markdown_table())
