"""The results page's data, and its PDF: the same page printed by headless Chromium.

One template makes both. For the PDF the server asks Debian's Chromium to load its own results
page over the loopback address with `?print=1` and a one-time report token instead of the
organizer's session (the browser has no cookie), and to print it. The page carries its data in
the HTML, so the browser makes no API call and opens no socket: the print waits only for the
page's own scripts and styles. Chromium runs as a subprocess in an OS thread (`run_blocking`),
so the event loop goes on serving phones, and the page it asks for.
"""

import os
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
    themes (printing: the ones render_pdf made just before, see Insights.of_event)."""
    hetki = services()
    return {
        "event": {**public_event(event), "created_at": event["created_at"]},
        "polls": hetki.polls.list(event["id"]),
        "summary": hetki.summary.of_event(event),
        "questions": hetki.questions.for_presenter(event["id"]),
        "insights": hetki.insights.of_event(event, latest=printing),
    }


# -- the one-time token ---------------------------------------------------------------------------


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hetki-report")


def issue_token(eid):
    """A signed token that opens this event's results page once, within TOKEN_SECONDS."""
    return _serializer().dumps({"e": eid, "n": secrets.token_urlsafe(16)})


def event_for_token(token, eid):
    """The event a report token opens; refused when forged, expired, for another event, or used."""
    try:
        claim = _serializer().loads(token, max_age=TOKEN_SECONDS)
    except BadSignature:
        raise Unauthorized("This report link is not valid.", code="report_token_invalid") from None
    if not isinstance(claim, dict) or claim.get("e") != eid:
        raise NotFound("No such event.", code="event_not_found")
    if not services().store.events.claim_report_token(eid, str(claim.get("n")), TOKEN_SECONDS):
        raise Unauthorized("This report link was used already.", code="report_token_invalid")
    return services().events.get(eid)


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
    services().insights.of_event(event)  # made now, while the CPU thread is free; the page reads them
    query = urlencode({"print": 1, "lang": lang, "report": issue_token(event["id"])})
    url = f"{loopback_url()}/events/{event['id']}/results?{query}"
    flags = [*CHROMIUM_FLAGS, *(["--ignore-certificate-errors"] if current_app.config["HETKI"].CERT_FILE else [])]
    if not _renders.acquire(timeout=RENDER_SECONDS):
        raise ReportUnavailable("Reports are being made for others; try again in a minute.", code="report_busy")
    try:
        if async_mode() == "gevent":
            # gevent's subprocess waits for the browser without blocking the loop, and cannot run
            # in an OS thread (its child watcher lives on the main loop): waited for here.
            return print_to_pdf(chromium, flags, url, RENDER_SECONDS)
        return run_blocking(print_to_pdf, chromium, flags, url, RENDER_SECONDS)
    finally:
        _renders.release()


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
    with tempfile.TemporaryDirectory(prefix="hetki-report-") as folder:
        target, log = Path(folder) / "report.pdf", Path(folder) / "chromium.log"
        command = [chromium, *flags, f"--user-data-dir={folder}/profile", f"--print-to-pdf={target}", url]
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


def _kill_group(browser):
    try:
        os.killpg(browser.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    browser.wait()
