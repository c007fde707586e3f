"""A page printed to PDF by headless Chromium, and what the PDF says it is (its /Title).

The web layer (web/report.py) says which page and when; here is only the browser. The token the
page needs never goes on the command line, which every local user can read: Chromium opens a
start page in a private (0700) folder that sends it on. `print_to_pdf` runs off the event loop
(no Redis, no logging), with the subprocess module its caller picks for the async mode.
"""

import json
import os
import re
import signal
import tempfile
from pathlib import Path

from ..domain.errors import DomainError

VIRTUAL_TIME_MS = 5000  # the page's scripts get this much (virtual) time to draw before printing
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


def print_to_pdf(chromium, flags, url, timeout, spawn):
    """Chromium prints `url` to a PDF; its bytes. Runs off the event loop (no Redis, no logging);
    `spawn` is the subprocess module to start it with (the standard one in an OS thread)."""
    return run_chromium(chromium, [*flags, "--print-to-pdf={target}"], url, timeout, spawn, "report.pdf", "the PDF")


def run_chromium(chromium, flags, url, timeout, spawn, file_name, what):
    """Chromium opens `url` (through a private start page) with `flags`, where "{target}" names the
    file it writes; that file's bytes. ReportUnavailable when it fails or takes longer than `timeout`."""
    with tempfile.TemporaryDirectory(prefix="hetki-report-") as folder:  # 0700
        target, log = Path(folder) / file_name, Path(folder) / "chromium.log"
        start = _start_page(Path(folder), url)
        written = [flag.replace("{target}", str(target)) for flag in flags]
        command = [chromium, *written, f"--user-data-dir={folder}/profile", start]
        # Its own process group, so that the renderer and zygote go with it; its output to a file,
        # since a pipe would stay open as long as any child of the browser lives.
        with log.open("wb") as output:
            browser = spawn.Popen(
                command, stdout=output, stderr=output, start_new_session=True, env={**os.environ, "HOME": folder}
            )
            try:
                browser.wait(timeout)
            except spawn.TimeoutExpired:
                raise ReportUnavailable(f"Making {what} took too long.", code="report_failed") from None
            finally:
                _kill_group(browser)
        if browser.returncode != 0 or not target.is_file() or not target.stat().st_size:
            last = log.read_text(errors="replace").strip().splitlines()[-1:]
            raise ReportUnavailable(f"Chromium could not make {what}. {' '.join(last)}", code="report_failed")
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
