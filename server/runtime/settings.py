"""Every setting Hetki reads from the environment, in one table: Config reads its values from it,
`hetki --help` prints it and docs/configuration.md's table is made from it (server/runtime/config.py)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


def _or_none(text: str) -> str | None:
    return text or None


def _path(text: str | Path) -> Path:
    return Path(text).resolve()


def _path_or_none(text: str) -> Path | None:
    return Path(text).resolve() if text else None


def _public_url(text: str) -> str | None:
    return text.rstrip("/") or None


def _origins(text: str) -> list[str]:
    return [o.strip() for o in text.split(",") if o.strip()]


def _on_unless_0(text: str) -> bool:
    return text != "0"


def _on_unless_off(text: str) -> bool:
    return text.strip().lower() not in ("off", "0")


def _off_unless_set(text: str) -> bool:
    return text not in ("", "0")


ASYNC_MODES = ("eventlet", "gevent")


def _async_mode(text: str) -> str:
    mode = text.strip().lower() or "eventlet"
    if mode not in ASYNC_MODES:
        raise SystemExit(f"ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}, not {mode!r}")
    return mode


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: Any  # what `parse` is given when the variable is unset
    parse: Callable[[Any], Any]
    meaning: str  # Markdown: `hetki --help` prints it without the backticks
    shown: str = ""  # the default as the docs say it, when not simply `default` (config.default_text)
    attribute: str = ""  # Config's attribute when not `name`; "-" for a setting Config does not hold
    section: str = ""

    def read(self, environ: Mapping[str, str]) -> Any:
        raw = environ.get(self.name)
        return self.parse(self.default if raw is None else raw)


def _section(title: str, *settings: Setting) -> list[Setting]:
    return [replace(setting, section=title) for setting in settings]


# Rate limits by name: `limits` strings, windows separated by ";" (all must have room); "" is none.
# Each name is read from RATE_LIMIT_<NAME>. Votes have none: a venue's phones share one address.
RATE_LIMIT_TABLE = (
    (
        "login_account",
        "5/minute;20/hour",
        "failed sign-ins per e-mail address from addresses that never signed in to it: distributed guessing",
    ),
    ("login_account_ip", "5/minute;20/hour", "failed sign-ins per e-mail address and client address"),
    (
        "login_device",
        "5/minute;20/hour",
        "failed sign-ins per e-mail address and device cookie (a browser that signed in, at a new address)",
    ),
    ("login_ip", "60/minute;600/hour", "every sign-in attempt per client address: an office behind one NAT"),
    (
        "join_ip",
        "6000/minute;60000/hour",
        "new participants per address across events (each event also has its own `join_limit` a minute, default 3,000)",
    ),
    ("question", "5/minute;30/hour", "questions asked per participant"),
    ("nickname", "10/minute", "nickname changes per participant"),
)
RATE_LIMIT_DEFAULTS = {name: text for name, text, _ in RATE_LIMIT_TABLE}
RATE_LIMIT_NOTE = "; every `RATE_LIMIT_*` is in `limits` syntax, windows separated by `;` (empty: none; votes: never)"

S = Setting
SETTINGS: tuple[Setting, ...] = (
    *_section(
        "Serving",
        S("HOST", "127.0.0.1", str, "address to listen on (`0.0.0.0` for the LAN)"),
        S("PORT", 5000, int, "port to listen on"),
        S("PUBLIC_URL", "", _public_url, "the base address in join links and QR codes"),
        S("CERT_FILE", "", _or_none, "certificate file: with `KEY_FILE`, serve HTTPS"),
        S("KEY_FILE", "", _or_none, "private key file of `CERT_FILE`"),
        S("ASYNC_MODE", "eventlet", _async_mode, "`eventlet`, or `gevent` to run the server on gevent", attribute="-"),
        S("MESSAGE_QUEUE", "1", _on_unless_0, "Redis pub/sub between processes (0: a single process)"),
        S("LOG_LEVEL", "INFO", str, "`INFO`, `DEBUG`, `WARNING`"),
    ),
    *_section(
        "Storage",
        S("DATA_DIR", "./var", _path, "embedded Redis (AOF, `appendfsync everysec`), secret key, media"),
        S("REDIS_URL", "", _or_none, "use this Redis instead of starting one (`redis://…`, `unix://…`)"),
        S("REDIS_POOL_SIZE", 64, int, "Redis connections per process (green threads queue for one)"),
        S("MEDIA_DIR", "", _path_or_none, "reaction videos and posters (server-made names only)", "`DATA_DIR/media`"),
        S(
            "DISK_RESERVE_BYTES",
            256 * 1024**2,
            int,
            "free space uploads never take on the disks of `MEDIA_DIR` and `DATA_DIR` (the larger of this and "
            "`DISK_RESERVE_PERCENT`), kept for Redis' AOF: below it uploads get 507 `storage_full`",
        ),
        S("DISK_RESERVE_PERCENT", 5.0, float, "the same reserve as a percentage of each disk"),
    ),
    *_section(
        "Security",
        S("SECRET_KEY", "", _or_none, "signs cookies and participant tokens", "generated into `DATA_DIR/secret_key`"),
        S(
            "ALLOWED_ORIGINS",
            "",
            _origins,
            "comma-separated origins allowed to open Socket.IO connections and to send the organizer's "
            "signed-in writes (others get 403 `origin_refused`)",
            "same origin only",
        ),
        S(
            "TRUST_PROXY",
            "0",
            _off_unless_set,
            "1 behind one reverse proxy: its `X-Forwarded-For`/`-Proto`/`-Host` are believed (client address, "
            "HTTPS, host), so cookies get `Secure`",
        ),
        # The presenter link is a secret and the session cookie is SameSite=Lax (not sent to a
        # cross-site frame), so a frame gains nothing; slide tools embed from origins we cannot list.
        S(
            "PRESENTER_FRAME_ANCESTORS",
            "*",
            str,
            "CSP `frame-ancestors` of the presenter screen, for slide tools that embed it (every other page: "
            "`'none'`); e.g. `'self' https://slides.example.org`",
        ),
        S(
            "TOKEN_TTL_SECONDS",
            30 * 24 * 3600,
            int,
            "how long an organizer's API token or web session lasts",
            "2592000 (30 days)",
        ),
        S("PASSWORD_HASH_METHOD", "scrypt", str, "how new organizer passwords are hashed (Werkzeug's method names)"),
        S(
            "LOGIN_DELAY_SECONDS",
            1.0,
            float,
            "a wrong password's answer waits 0, 1, 2, 4, then 8 of these, per failure from one address",
        ),
        *(
            S(f"RATE_LIMIT_{name.upper()}", text, str, meaning + (RATE_LIMIT_NOTE if n == 0 else ""), attribute="-")
            for n, (name, text, meaning) in enumerate(RATE_LIMIT_TABLE)
        ),
    ),
    *_section(
        "Connections",
        S("MAX_BODY_BYTES", 64 * 1024, int, "JSON body limit (413 above it)", attribute="MAX_CONTENT_LENGTH"),
        S(
            "MAX_CONNECTIONS",
            20000,
            int,
            "concurrent connections per process, kept 256 below the open-files limit (raised to its hard limit "
            "at start)",
        ),
        S(
            "MAX_CONNECTIONS_PER_ADDRESS",
            5000,
            int,
            "concurrent connections from one client address (a venue NAT stays well within; off behind "
            "`TRUST_PROXY`, where the shipped nginx site caps addresses)",
        ),
        S(
            "REQUEST_HEADER_SECONDS",
            10.0,
            float,
            "a request's line and headers must all arrive within this from their first byte",
        ),
        S(
            "SOCKET_PACKETS_PER_SECOND",
            20.0,
            float,
            "packets read from one connection after its burst; past it the connection is not read until it "
            "is back within budget (no honest phone comes near)",
        ),
        S("SOCKET_PACKET_BURST", 50, int, "packets one connection may send at once before the rate applies"),
        S("PING_INTERVAL", 20, int, "Engine.IO heartbeat: seconds between pings"),
        S("PING_TIMEOUT", 20, int, "seconds a connection may leave a ping unanswered before it is closed"),
        S("BROADCAST_INTERVAL", 0.1, float, "seconds between coalesced `results` to presenters (≤ 10/s)"),
        S("AUDIENCE_RESULTS_INTERVAL", 1.0, float, "seconds between revealed `results` to phones"),
    ),
    *_section(
        "Reactions and media",
        S("MAX_VIDEO_BYTES", 40 * 1024**2, int, "largest reaction upload (413 before the body is read)"),
        S(
            "MEDIA_VIDEOS_PER_PARTICIPANT",
            3,
            int,
            "videos one participant may have stored in an event (429 `video_quota`; deleting one frees its place)",
        ),
        S(
            "MEDIA_BYTES_PER_PARTICIPANT",
            60 * 1024**2,
            int,
            "bytes of stored video per participant in an event (413 `video_quota`)",
        ),
        S("MEDIA_BYTES_PER_EVENT", 2 * 1024**3, int, "bytes of stored video per event (507 `event_media_full`)"),
        S("IMAGE_UPLOAD_BYTES", 5 * 1024**2, int, "largest image an organizer may upload for a poll option (413)"),
        S("IMAGES_PER_EVENT", 120, int, "images one event's polls may hold (409 `too_many_images`)"),
        S(
            "IMPORT_BODY_BYTES",
            24 * 1024**2,
            int,
            "largest event JSON an organizer may import (its images travel inside it)",
        ),
        S(
            "MEDIA_DECODE_FRAMES",
            300,
            int,
            "frames any decode of an upload may read; beyond them 422 `video_too_costly`",
        ),
        S(
            "MEDIA_DECODE_SECONDS",
            5.0,
            float,
            "seconds (wall or CPU) any decode of an upload may take; beyond them 422",
        ),
        S(
            "REACTIONS_PER_PARTICIPANT",
            20,
            int,
            "reactions one participant may send to an event (409 `reaction_quota`)",
        ),
        S(
            "REACTION_BYTES_PER_PARTICIPANT",
            100 * 1024**2,
            int,
            "bytes of video and text one participant may send to an event (409 `reaction_quota`)",
        ),
        S("REACTION_TEXT_CHARS", 500, int, "longest text reaction"),
        S("RETENTION_SWEEP_SECONDS", 600, int, "how often expired reaction videos are deleted"),
        S("PROFANITY_FILTER", "1", _on_unless_0, "word-cloud and nickname filter (0: off)"),
        S(
            "PROFANITY_WORDS_FILE",
            "",
            _or_none,
            "a file of extra words for the filter, separated by spaces or lines (`stem*` matches endings)",
        ),
    ),
    *_section(
        "Jobs and reports",
        S("WORKERS", 1, int, "job worker processes `python -m server` starts (`hetki worker` runs more)"),
        S(
            "JOB_RETRY_SECONDS",
            60.0,
            float,
            "how long a job whose worker stopped heartbeating waits before another worker takes it",
        ),
        S("TRANSCRIBE", "1", _on_unless_0, "transcribe video reactions in a job worker (0: off)"),
        S(
            "ASR_MODEL",
            "",
            _or_none,
            "a local faster-whisper model directory instead of the packaged Whisper base model",
        ),
        S("ASR_THREADS", 2, int, "CPU threads per transcription"),
        S("THEMES_MODEL", "on", _on_unless_off, "`off`: themes from key phrases, not the packaged embedding model"),
        S("THEMES_THREADS", 1, int, "CPU threads a job worker gives the embedding model"),
        S(
            "INSIGHTS_REFRESH_SECONDS",
            30.0,
            float,
            "insights older than this are remade by a job worker when asked for",
        ),
        S(
            "CHROMIUM",
            "chromium",
            str,
            "the browser that prints PDF reports (a name on the PATH or a path); without it report.pdf answers 503",
        ),
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}
