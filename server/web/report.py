"""The results page's data, and its PDF: the same page printed by headless Chromium.

One template makes both. For the PDF the server asks Debian's Chromium to load its own results
page over the loopback address with `?print=1` and a one-time report token instead of the
organizer's session (the browser has no cookie), and to print it. The token never goes on the
command line, which every local user can read: Chromium opens a start page in a private (0700)
folder that sends it on. The PDF is sent only when the results page was served for its token and
the PDF's title is that page's, never a PDF of an error page. The page carries its data in
the HTML, so the browser makes no API call and opens no socket: the print waits only for the
page's own scripts and styles. Chromium (media/pdf.py) runs as a subprocess in an OS thread
(services' `run_blocking`), so the event loop goes on serving phones, and the page it asks for.
"""

import secrets
import shutil
import subprocess
import threading
import time
from urllib.parse import urlencode

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..domain import NotFound, Unauthorized
from ..domain.events import public_event
from ..media.pdf import CHROMIUM_FLAGS, ReportUnavailable, pdf_title, print_to_pdf
from .helpers import services

TOKEN_SECONDS = 60  # Chromium asks for the page within a second or two of getting the link
RENDER_SECONDS = 60  # a report that takes longer is stuck: the browser is killed
MAX_RENDERS = 2  # Chromium at once per process: each takes ~150 MB and a core
THEMES_WAIT_SECONDS = 30  # a report waits this long at most for a job worker to make the themes
_renders = threading.BoundedSemaphore(MAX_RENDERS)

# -- the page's data ------------------------------------------------------------------------------


def page_data(event, printing=False):
    """Everything the results page draws: the event, its polls (with ui), the summary, the Q&A, the
    themes (the latest a job worker made, see Insights.of_event; `printing` changes nothing now).
    `event.language` (fi, en, or "browser": each attendee's own) is the language the polls and
    answers are written in, which hyphenates their long words."""
    hetki = services()
    summary = hetki.summary.of_event(event)
    return {
        "event": {**public_event(event), "created_at": event["created_at"], "language": event["language"]},
        "polls": hetki.polls.list(event["id"]),
        "summary": summary,
        "comparison": hetki.comparison.of_event(event, summary),  # the editions before it, if linked
        "questions": hetki.questions.for_presenter(event["id"]),
        "insights": hetki.insights.of_event(event),
        "update": hetki.updates.find(event["id"]),  # "you said, we did": edited here, printed in the report
        "surveys": survey_funnels(hetki, event["id"]),  # completion; the printed page makes no API call
    }


def survey_funnels(hetki, eid):
    """[{survey, funnel}] of the event's surveys that were ever opened, as the completion section draws them."""
    opened = [s for s in hetki.surveys.list(eid) if s["state"] != "draft"]
    return [{"survey": s, "funnel": hetki.surveys.funnel(eid, s["id"])} for s in opened]


def print_title(event):
    """The printed page's title, which Chromium writes into the PDF: how render_pdf knows what it printed."""
    return f"{event['title']} · Hetki"


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
    _wait_for_themes(event)
    nonce = secrets.token_urlsafe(16)
    query = urlencode({"print": 1, "lang": lang, "report": issue_token(event["id"], nonce)})
    url = f"{loopback_url()}/events/{event['id']}/results?{query}"
    flags = [*CHROMIUM_FLAGS, *(["--ignore-certificate-errors"] if current_app.config["HETKI"].CERT_FILE else [])]
    async_mode = current_app.extensions["socketio"].async_mode  # the one create_app chose
    if not _renders.acquire(timeout=RENDER_SECONDS):
        raise ReportUnavailable("Reports are being made for others; try again in a minute.", code="report_busy")
    try:
        if async_mode == "gevent":
            # gevent's subprocess waits for the browser without blocking the loop, and cannot run
            # in an OS thread (its child watcher lives on the main loop): waited for here.
            pdf = print_to_pdf(chromium, flags, url, RENDER_SECONDS, subprocess)
        else:
            spawn = _subprocess(async_mode)
            pdf = services().run_blocking(print_to_pdf, chromium, flags, url, RENDER_SECONDS, spawn)
    finally:
        _renders.release()
    if not services().store.events.report_served(event["id"], nonce) or not is_the_report(pdf, event):
        raise ReportUnavailable("Chromium could not open the results page to print it.", code="report_failed")
    return pdf


def _wait_for_themes(event):
    """A report is printed once, so it waits (bounded) while a live job worker makes the event's
    themes, rather than print "no themes yet". Without a worker alive it prints what there is."""
    hetki, sleep = services(), current_app.extensions["socketio"].sleep
    deadline = time.monotonic() + THEMES_WAIT_SECONDS
    while hetki.insights.of_event(event)["computing"] and time.monotonic() < deadline:
        if not hetki.reactions.workers(event["id"])[0]:
            return
        sleep(0.25)


def _subprocess(async_mode):
    """The standard subprocess module: the call runs in an OS thread, where eventlet's green
    subprocess (which waits by yielding to the loop) cannot work."""
    if async_mode == "eventlet":
        from eventlet import patcher

        return patcher.original("subprocess")
    return subprocess
