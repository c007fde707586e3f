"""Configuration: the one place that reads environment variables."""

import os
import secrets
from pathlib import Path


def _int(name, default):
    return int(os.environ.get(name, default))


ASYNC_MODES = ("eventlet", "gevent")


def async_mode_setting() -> str:
    """ASYNC_MODE, alone: `python -m server` monkey-patches by it before importing anything else."""
    mode = os.environ.get("ASYNC_MODE", "eventlet").strip().lower() or "eventlet"
    if mode not in ASYNC_MODES:
        raise SystemExit(f"ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}, not {mode!r}")
    return mode


def _secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


# Rate limits by name: `limits` strings, windows separated by ";" (all must have room); "" is none.
# Each name is read from RATE_LIMIT_<NAME>. Votes have none: a venue's phones share one address.
RATE_LIMIT_DEFAULTS = {
    # failed sign-ins per e-mail address from addresses that never signed in to it: distributed guessing
    "login_account": "5/minute;20/hour",
    "login_account_ip": "5/minute;20/hour",  # failed sign-ins per e-mail address and client address
    "login_device": "5/minute;20/hour",  # failed sign-ins per e-mail address and device cookie
    "login_ip": "60/minute;600/hour",  # sign-ins per client address: an office behind one NAT
    # new participants per address across events (each event has its own join_limit a minute)
    "join_ip": "6000/minute;60000/hour",
    "question": "5/minute;30/hour",  # questions asked per participant
    "nickname": "10/minute",  # nickname changes per participant
}


def _rate_limits():
    return {name: os.environ.get(f"RATE_LIMIT_{name.upper()}", text) for name, text in RATE_LIMIT_DEFAULTS.items()}


ENVIRONMENT = (
    ("PORT, HOST", "where to listen (default 5000, 127.0.0.1; 0.0.0.0 for the LAN)"),
    ("DATA_DIR", "embedded Redis, secret key and media (default ./var)"),
    ("REDIS_URL", "use this Redis instead of starting one"),
    ("SECRET_KEY", "signs cookies and participant tokens (default: generated into DATA_DIR)"),
    ("PUBLIC_URL", "the base address in join links and QR codes"),
    ("CERT_FILE, KEY_FILE", "serve HTTPS"),
    ("ALLOWED_ORIGINS", "origins allowed to open Socket.IO connections and to send signed-in writes"),
    ("TRUST_PROXY", "1: trust one reverse proxy's X-Forwarded-For/-Proto/-Host (default 0)"),
    ("PRESENTER_FRAME_ANCESTORS", "who may embed the presenter screen in a frame (default *)"),
    ("MAX_BODY_BYTES", "JSON body limit"),
    ("MAX_CONNECTIONS", "concurrent connections per process (kept 256 below the open-files limit)"),
    (
        "MAX_CONNECTIONS_PER_ADDRESS",
        "concurrent connections from one client address (default 5000; off behind TRUST_PROXY)",
    ),
    (
        "SOCKET_PACKETS_PER_SECOND, SOCKET_PACKET_BURST",
        "packets read per connection (default 20/s after a burst of 50)",
    ),
    ("PING_INTERVAL, PING_TIMEOUT", "Engine.IO heartbeat in seconds (default 20, 20)"),
    ("ASYNC_MODE", "eventlet (default) or gevent"),
    ("MEDIA_DIR", "reaction videos and posters (default DATA_DIR/media)"),
    ("MAX_VIDEO_BYTES", "largest reaction upload"),
    ("MEDIA_VIDEOS_PER_PARTICIPANT", "videos one participant may have stored in an event (default 3)"),
    ("MEDIA_BYTES_PER_PARTICIPANT, _PER_EVENT", "bytes of stored video per participant / per event (60 MB, 2 GB)"),
    ("DISK_RESERVE_BYTES, _PERCENT", "free space uploads leave for Redis beside MEDIA_DIR, DATA_DIR (256 MB, 5 %)"),
    ("MEDIA_DECODE_FRAMES, _SECONDS", "most frames and seconds reading one upload may take (default 300, 5)"),
    ("REACTIONS_PER_PARTICIPANT", "reactions one participant may send to an event (default 20)"),
    ("REACTION_BYTES_PER_PARTICIPANT", "bytes of video and text one participant may send to an event (100 MB)"),
    ("REACTION_TEXT_CHARS", "longest text reaction (default 500)"),
    ("INSIGHTS_REFRESH_SECONDS", "insights older than this are made again by a worker when asked for (default 30)"),
    ("MESSAGE_QUEUE", "Redis pub/sub between processes (0: single process)"),
    (
        "RATE_LIMIT_LOGIN_ACCOUNT",
        "failed sign-ins per e-mail from addresses that never signed in to it (5/minute;20/hour)",
    ),
    ("RATE_LIMIT_LOGIN_ACCOUNT_IP", "failed sign-ins per e-mail and address (5/minute;20/hour)"),
    ("RATE_LIMIT_LOGIN_DEVICE", "failed sign-ins per e-mail and device cookie, from new addresses (5/minute;20/hour)"),
    ("RATE_LIMIT_LOGIN_IP", "sign-in attempts per address (60/minute;600/hour)"),
    ("LOGIN_DELAY_SECONDS", "a wrong password's answer waits 0, 1, 2, 4, 8 of these per failure (default 1)"),
    ("RATE_LIMIT_JOIN_IP", "new participants per address, all events (6000/minute;60000/hour)"),
    ("RATE_LIMIT_QUESTION, _NICKNAME", "questions / nickname changes per participant (5/minute;30/hour, 10/minute)"),
    ("CHROMIUM", "the browser that prints PDF reports (default: chromium on the PATH)"),
    ("TRANSCRIBE", "1: transcribe video reactions in a worker (default); 0: off"),
    ("ASR_MODEL", "a local faster-whisper model directory (default: Whisper base from the installed packages)"),
    ("ASR_THREADS", "CPU threads per transcription (default 2)"),
    ("WORKERS", "job worker processes the server starts (default 1; `hetki worker` runs more)"),
    ("JOB_RETRY_SECONDS", "a job whose worker stopped heartbeating this long goes to another worker (default 60)"),
    ("LOG_LEVEL", "INFO, DEBUG, WARNING"),
)


class Config:
    """Settings for one server process, read from the environment with defaults."""

    def __init__(self, **overrides):
        self.HOST = os.environ.get("HOST", "127.0.0.1")
        self.PORT = _int("PORT", 5000)
        self.DATA_DIR = Path(os.environ.get("DATA_DIR", "./var")).resolve()
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        self.PUBLIC_URL = (os.environ.get("PUBLIC_URL") or "").rstrip("/") or None
        self.MEDIA_DIR = Path(os.environ.get("MEDIA_DIR", self.DATA_DIR / "media")).resolve()
        self.CERT_FILE = os.environ.get("CERT_FILE") or None
        self.KEY_FILE = os.environ.get("KEY_FILE") or None
        origins = os.environ.get("ALLOWED_ORIGINS", "")
        self.ALLOWED_ORIGINS = [o.strip() for o in origins.split(",") if o.strip()]
        self.TRUST_PROXY = os.environ.get("TRUST_PROXY", "0") not in ("", "0")
        # The presenter link is a secret and the session cookie is SameSite=Lax (not sent to a
        # cross-site frame), so a frame gains nothing; slide tools embed from origins we cannot list.
        self.PRESENTER_FRAME_ANCESTORS = os.environ.get("PRESENTER_FRAME_ANCESTORS", "*")
        self.MAX_CONTENT_LENGTH = _int("MAX_BODY_BYTES", 64 * 1024)
        self.MAX_VIDEO_BYTES = _int("MAX_VIDEO_BYTES", 40 * 1024 * 1024)
        self.MEDIA_VIDEOS_PER_PARTICIPANT = _int("MEDIA_VIDEOS_PER_PARTICIPANT", 3)
        self.MEDIA_BYTES_PER_PARTICIPANT = _int("MEDIA_BYTES_PER_PARTICIPANT", 60 * 1024 * 1024)
        self.MEDIA_BYTES_PER_EVENT = _int("MEDIA_BYTES_PER_EVENT", 2 * 1024 * 1024 * 1024)
        # Kept free for Redis' append-only file (and its rewrite) beside the media: see server/disk.py.
        self.DISK_RESERVE_BYTES = _int("DISK_RESERVE_BYTES", 256 * 1024 * 1024)
        self.DISK_RESERVE_PERCENT = float(os.environ.get("DISK_RESERVE_PERCENT", "5"))
        self.MEDIA_DECODE_FRAMES = _int("MEDIA_DECODE_FRAMES", 300)
        self.MEDIA_DECODE_SECONDS = float(os.environ.get("MEDIA_DECODE_SECONDS", "5"))
        self.REACTIONS_PER_PARTICIPANT = _int("REACTIONS_PER_PARTICIPANT", 20)
        self.REACTION_BYTES_PER_PARTICIPANT = _int("REACTION_BYTES_PER_PARTICIPANT", 100 * 1024 * 1024)
        self.REACTION_TEXT_CHARS = _int("REACTION_TEXT_CHARS", 500)
        self.INSIGHTS_REFRESH_SECONDS = float(os.environ.get("INSIGHTS_REFRESH_SECONDS", "30"))
        self.RETENTION_SWEEP_SECONDS = _int("RETENTION_SWEEP_SECONDS", 600)
        self.MAX_CONNECTIONS = _int("MAX_CONNECTIONS", 20000)
        # One address's open connections: a venue's NAT behind which thousands of phones share an
        # address stays well within; one attacker's idle connections cannot take every slot.
        self.MAX_CONNECTIONS_PER_ADDRESS = _int("MAX_CONNECTIONS_PER_ADDRESS", 5000)
        # Each connection's packets: a burst, then a steady rate; past it the connection is not read.
        self.REQUEST_HEADER_SECONDS = float(os.environ.get("REQUEST_HEADER_SECONDS", "10"))
        self.SOCKET_PACKETS_PER_SECOND = float(os.environ.get("SOCKET_PACKETS_PER_SECOND", "20"))
        self.SOCKET_PACKET_BURST = _int("SOCKET_PACKET_BURST", 50)
        # Engine.IO heartbeat, seconds: a ping every PING_INTERVAL, a connection with no pong
        # PING_TIMEOUT after it is closed.
        self.PING_INTERVAL = _int("PING_INTERVAL", 20)
        self.PING_TIMEOUT = _int("PING_TIMEOUT", 20)
        self.REDIS_POOL_SIZE = _int("REDIS_POOL_SIZE", 64)
        self.TOKEN_TTL_SECONDS = _int("TOKEN_TTL_SECONDS", 30 * 24 * 3600)
        self.BROADCAST_INTERVAL = float(os.environ.get("BROADCAST_INTERVAL", "0.1"))
        self.AUDIENCE_RESULTS_INTERVAL = float(os.environ.get("AUDIENCE_RESULTS_INTERVAL", "1.0"))
        self.MESSAGE_QUEUE = os.environ.get("MESSAGE_QUEUE", "1") != "0"
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
        self.PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")
        self.RATE_LIMITS = _rate_limits()
        self.LOGIN_DELAY_SECONDS = float(os.environ.get("LOGIN_DELAY_SECONDS", "1"))
        self.PROFANITY_FILTER = os.environ.get("PROFANITY_FILTER", "1") != "0"
        self.PROFANITY_WORDS_FILE = os.environ.get("PROFANITY_WORDS_FILE") or None
        self.CHROMIUM = os.environ.get("CHROMIUM", "chromium")
        self.TRANSCRIBE = os.environ.get("TRANSCRIBE", "1") != "0"
        self.ASR_MODEL = os.environ.get("ASR_MODEL") or None
        self.ASR_THREADS = _int("ASR_THREADS", 2)
        self.WORKERS = _int("WORKERS", 1)
        self.JOB_RETRY_SECONDS = float(os.environ.get("JOB_RETRY_SECONDS", "60"))
        for key, value in overrides.items():
            setattr(self, key, value)
        self.DATA_DIR = Path(self.DATA_DIR)
        if "MEDIA_DIR" not in overrides and not os.environ.get("MEDIA_DIR"):
            self.MEDIA_DIR = (self.DATA_DIR / "media").resolve()
        if "SECRET_KEY" not in overrides:
            self.SECRET_KEY = _secret_key(self.DATA_DIR)

    def flask_settings(self):
        return {
            "SECRET_KEY": self.SECRET_KEY,
            "MAX_CONTENT_LENGTH": self.MAX_CONTENT_LENGTH,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "JSON_SORT_KEYS": False,
        }
