"""The results page's data, and its PDF: the same page printed by headless Chromium.

One template makes both. For the PDF the server asks Debian's Chromium to load its own results
page over the loopback address with `?print=1` and a one-time report token instead of the
organizer's session (the browser has no cookie), and to print it. The token never goes on the
command line, which every local user can read: Chromium opens a start page in a private (0700)
folder that sends it on. The PDF is sent only when the results page was served for its token and
the PDF's title is that page's, never a PDF of an error page. The page carries its data in
the HTML, so the browser makes no API call and opens no socket: the print waits only for the
page's own scripts and styles. Chromium runs as a subprocess in an OS thread (`run_blocking`),
so the event loop goes on serving phones, and the page it asks for.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlencode

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .domain import DomainError, NotFound, Unauthorized
from .domain.events import public_event
from .offload import async_mode, run_blocking
from .web import services

TOKEN_SECONDS = 60  # Chromium asks for the page within a second or two of getting the link
RENDER_SECONDS = 60  # a report that takes longer is stuck: the browser is killed
VIRTUAL_TIME_MS = 5000  # the page's scripts get this much (virtual) time to draw before printing
MAX_RENDERS = 2  # Chromium at once per process: each takes ~150 MB and a core
_renders = threading.BoundedSemaphore(MAX_RENDERS)

# The e2e tests' flags: a browser that never calls home, plus what a one-shot print needs.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    f"--virtual-time-budget={VIRTUAL_TIME_MS}",
]


class ReportUnavailable(DomainError):
    """No PDF now (no browser on the server, too many at once, or it failed); nothing else is affected."""

    status = 503
    code = "report_unavailable"
    message = "The PDF report cannot be made on this server: Chromium is not installed."


# -- the page's data ------------------------------------------------------------------------------


def page_data(event, printing=False):
    """Everything the results page draws: the event, its polls (with ui), the summary, the Q&A, the
    themes (the latest a job worker made, see Insights.of_event; `printing` changes nothing now)."""
    hetki = services()
    return {
        "event": {**public_event(event), "created_at": event["created_at"]},
        "polls": hetki.polls.list(event["id"]),
        "summary": hetki.summary.of_event(event),
        "questions": hetki.questions.for_presenter(event["id"]),
        "insights": hetki.insights.of_event(event),
    }


def print_title(event):
    """The printed page's title, which Chromium writes into the PDF: how render_pdf knows what it printed."""
    return f"{event['title']} · Hetki"


PDF_TITLE = re.compile(rb"/Title\s*(?:\((?P<literal>(?:\\.|[^\\)])*)\)|<(?P<hex>[0-9A-Fa-f\s]*)>)")
PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_title(pdf):
    """The /Title of a PDF's document information (Skia writes a literal or UTF-16 hex string), or None."""
    found = PDF_TITLE.search(pdf)
    if not found:
        return None
    if found["hex"] is not None:
        raw = bytes.fromhex(found["hex"].decode())
        return raw[2:].decode("utf-16-be", "replace") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")

    def unescape(match):
        code = match[1]
        return bytes([int(code, 8) & 0xFF]) if code.isdigit() else PDF_ESCAPES.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", unescape, found["literal"], flags=re.S).decode("latin-1")


def is_the_report(pdf, event):
    """True when the PDF printed the event's results page (a title that error pages cannot have)."""
    title = pdf_title(pdf) if pdf.startswith(b"%PDF-") else None
    return title is not None and title.split() == print_title(event).split()


# -- the one-time token ---------------------------------------------------------------------------


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hetki-report")


def issue_token(eid, nonce=None):
    """A signed token that opens this event's results page once, within TOKEN_SECONDS."""
    return _serializer().dumps({"e": eid, "n": nonce or secrets.token_urlsafe(16)})


def page_for_token(token, eid, render):
    """The page a report token opens, made by `render(event)`; once it is made, the token's nonce is
    marked served, which render_pdf checks before it sends the PDF."""
    event, nonce = _claim(token, eid)
    page = render(event)
    services().store.events.mark_report_served(eid, nonce, TOKEN_SECONDS + RENDER_SECONDS)
    return page


def _claim(token, eid):
    """The event a report token opens and its nonce; refused when forged, expired, for another
    event, or used."""
    try:
        claim = _serializer().loads(token, max_age=TOKEN_SECONDS)
    except BadSignature:
        raise Unauthorized("This report link is not valid.", code="report_token_invalid") from None
    if not isinstance(claim, dict) or claim.get("e") != eid:
        raise NotFound("No such event.", code="event_not_found")
    nonce = str(claim.get("n"))
    if not services().store.events.claim_report_token(eid, nonce, TOKEN_SECONDS):
        raise Unauthorized("This report link was used already.", code="report_token_invalid")
    return services().events.get(eid), nonce


# -- printing -------------------------------------------------------------------------------------


def loopback_url():
    """This server as the machine itself reaches it (the browser runs beside it)."""
    config = current_app.config["HETKI"]
    host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(config.HOST, config.HOST)
    host = f"[{host}]" if ":" in host else host
    return f"{'https' if config.CERT_FILE else 'http'}://{host}:{config.PORT}"


def chromium_path():
    return shutil.which(current_app.config["HETKI"].CHROMIUM)


def render_pdf(event, lang):
    """The event's results page as PDF bytes, in `lang`; ReportUnavailable when it cannot be made."""
    chromium = chromium_path()
    if not chromium:
        raise ReportUnavailable()
    nonce = secrets.token_urlsafe(16)
    query = urlencode({"print": 1, "lang": lang, "report": issue_token(event["id"], nonce)})
    url = f"{loopback_url()}/events/{event['id']}/results?{query}"
    flags = [*CHROMIUM_FLAGS, *(["--ignore-certificate-errors"] if current_app.config["HETKI"].CERT_FILE else [])]
    if not _renders.acquire(timeout=RENDER_SECONDS):
        raise ReportUnavailable("Reports are being made for others; try again in a minute.", code="report_busy")
    try:
        if async_mode() == "gevent":
            # gevent's subprocess waits for the browser without blocking the loop, and cannot run
            # in an OS thread (its child watcher lives on the main loop): waited for here.
            pdf = print_to_pdf(chromium, flags, url, RENDER_SECONDS)
        else:
            pdf = run_blocking(print_to_pdf, chromium, flags, url, RENDER_SECONDS)
    finally:
        _renders.release()
    if not services().store.events.report_served(event["id"], nonce) or not is_the_report(pdf, event):
        raise ReportUnavailable("Chromium could not open the results page to print it.", code="report_failed")
    return pdf


def _subprocess():
    """The standard subprocess module: the call runs in an OS thread, where eventlet's green
    subprocess (which waits by yielding to the loop) cannot work."""
    if async_mode() == "eventlet":
        from eventlet import patcher

        return patcher.original("subprocess")
    return subprocess


def print_to_pdf(chromium, flags, url, timeout):
    """Chromium prints `url` to a PDF; its bytes. Runs off the event loop (no Redis, no logging)."""
    spawn = _subprocess()
    with tempfile.TemporaryDirectory(prefix="hetki-report-") as folder:  # 0700
        target, log = Path(folder) / "report.pdf", Path(folder) / "chromium.log"
        start = _start_page(Path(folder), url)
        command = [chromium, *flags, f"--user-data-dir={folder}/profile", f"--print-to-pdf={target}", start]
        # Its own process group, so that the renderer and zygote go with it; its output to a file,
        # since a pipe would stay open as long as any child of the browser lives.
        with log.open("wb") as output:
            browser = spawn.Popen(
                command, stdout=output, stderr=output, start_new_session=True, env={**os.environ, "HOME": folder}
            )
            try:
                browser.wait(timeout)
            except spawn.TimeoutExpired:
                raise ReportUnavailable("Making the PDF took too long.", code="report_failed") from None
            finally:
                _kill_group(browser)
        if browser.returncode != 0 or not target.is_file() or not target.stat().st_size:
            last = log.read_text(errors="replace").strip().splitlines()[-1:]
            raise ReportUnavailable(f"Chromium could not print the report. {' '.join(last)}", code="report_failed")
        return target.read_bytes()


def _start_page(folder, url):
    """A page only this user can read that sends the browser on to `url`, token and all; its file: URL."""
    page = folder / "start.html"
    with os.fdopen(os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        # A script, not a meta refresh: it leaves before its own load event, so Chromium's wait for the
        # first load (and then the virtual time budget) covers the results page itself.
        file.write(f"<!doctype html><script>location.replace({json.dumps(url).replace('<', '%3C')})</script>")
    return page.as_uri()


def _kill_group(browser):
    try:
        os.killpg(browser.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    browser.wait()
