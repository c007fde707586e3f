"""Issue 16: one declarative settings table (server/runtime/settings.py) that Config reads, `hetki --help`
prints and docs/configuration.md holds; these fail when any of them drifts from it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from server.runtime.config import Config, default_text, documented_table, markdown_table
from server.runtime.settings import BY_NAME, RATE_LIMIT_DEFAULTS, SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_has_one_row_and_a_meaning():
    assert len(BY_NAME) == len(SETTINGS)
    assert all(setting.meaning and setting.section for setting in SETTINGS)
    assert {f"RATE_LIMIT_{name.upper()}" for name in RATE_LIMIT_DEFAULTS} <= set(BY_NAME)


def test_docs_table_is_the_settings_table():
    documented = documented_table((ROOT / "docs" / "configuration.md").read_text())
    assert documented is not None, "docs/configuration.md lost its settings table markers"
    assert documented == markdown_table(), (
        "run `python -m server.runtime.config --write` and commit docs/configuration.md"
    )


def help_entries(output: str) -> dict[str, str]:
    """{variable: its meaning and default, unwrapped} from the settings part of --help."""
    entries: dict[str, str] = {}
    name = None
    for line in output.splitlines():
        match = re.match(r"  ([A-Z][A-Z0-9_]+)\s+(\S.*)", line)
        if match:
            name = match.group(1)
            entries[name] = match.group(2)
        elif name and line.startswith("   ") and line.strip():
            entries[name] += " " + line.strip()
        else:
            name = None
    return entries


def test_help_prints_every_setting_with_its_meaning_and_default():
    env = {key: value for key, value in os.environ.items() if key not in BY_NAME}
    done = subprocess.run(
        [sys.executable, "-m", "server", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    entries = help_entries(done.stdout)
    missing = [setting.name for setting in SETTINGS if setting.name not in entries]
    assert not missing, f"`hetki --help` does not list {missing}"
    for setting in SETTINGS:
        assert setting.meaning.replace("`", "") in entries[setting.name]
        default = default_text(setting).replace("`", "")
        assert default == "unset" or f"(default {default})" in entries[setting.name]


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    for name in BY_NAME:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_holds_every_setting_at_its_default(clean_environment):
    config = Config()
    data_dir = (clean_environment / "var").resolve()
    for setting in SETTINGS:
        if setting.name == "MEDIA_DIR":
            assert data_dir / "media" == config.MEDIA_DIR
        elif setting.name == "SECRET_KEY":
            assert (data_dir / "secret_key").read_text().strip() == config.SECRET_KEY
        elif setting.name.startswith("RATE_LIMIT_"):
            assert config.RATE_LIMITS[setting.name.removeprefix("RATE_LIMIT_").lower()] == setting.default
        elif setting.attribute != "-":
            assert getattr(config, setting.attribute or setting.name) == setting.read({}), setting.name
    assert config.RATE_LIMITS == RATE_LIMIT_DEFAULTS


def test_config_reads_the_environment_by_the_table(clean_environment, monkeypatch):
    values = {"PORT": "8123", "MAX_BODY_BYTES": "100", "TRUST_PROXY": "1", "MESSAGE_QUEUE": "0"}
    values |= {"ALLOWED_ORIGINS": " https://a.example , https://b.example,", "PUBLIC_URL": "https://x.example/"}
    values |= {"RATE_LIMIT_QUESTION": "", "DISK_RESERVE_PERCENT": "2.5", "SECRET_KEY": "from-env"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    config = Config(PORT=9000)
    assert (config.PORT, config.MAX_CONTENT_LENGTH, config.TRUST_PROXY, config.MESSAGE_QUEUE) == (
        9000,
        100,
        True,
        False,
    )
    assert config.ALLOWED_ORIGINS == ["https://a.example", "https://b.example"]
    assert config.PUBLIC_URL == "https://x.example"
    assert config.RATE_LIMITS["question"] == "" and config.RATE_LIMITS["login_ip"] == RATE_LIMIT_DEFAULTS["login_ip"]
    assert (config.DISK_RESERVE_PERCENT, config.SECRET_KEY) == (2.5, "from-env")


def test_only_the_config_reads_the_environment():
    """The table is the one source only while nothing else reads a variable of its own."""
    reads = re.compile(r"os\.environ\.get\(|os\.environ\[|os\.getenv\(")
    readers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "server").rglob("*.py")
        if path.name not in ("config.py", "settings.py") and reads.search(path.read_text())
    ]
    assert not readers, f"read their settings through server/runtime/settings.py instead: {readers}"
