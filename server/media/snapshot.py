"""A page as a PNG by headless Chromium's --screenshot, and that PNG as an SVG.

The same browser and start page as the PDF (media/pdf.py): the one-time token never goes on the
command line. The SVG wraps the PNG in an <image> rather than serializing the page's DOM into a
<foreignObject>: slide tools (PowerPoint, Keynote, Google Slides) drop foreignObject, so the
picture they show would be empty; the wrapped PNG looks the same everywhere, and the SVG's
<title> and <desc> carry the question and the figures as text for screen readers and search."""

import base64
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from .pdf import ReportUnavailable, _kill_group, _start_page

WIDTH, HEIGHT = 1600, 900  # 16:9, the projector's shape, sharp on a full slide


def screenshot_png(chromium, flags, url, timeout, spawn, size=(WIDTH, HEIGHT)):
    """Chromium draws `url` at `size` and screenshots it; the PNG's bytes. Off the event loop, as print_to_pdf."""
    with tempfile.TemporaryDirectory(prefix="hetki-image-") as folder:  # 0700
        target, log = Path(folder) / "result.png", Path(folder) / "chromium.log"
        start = _start_page(Path(folder), url)
        command = [
            chromium,
            *flags,
            f"--user-data-dir={folder}/profile",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={target}",
            start,
        ]
        with log.open("wb") as output:
            browser = spawn.Popen(
                command, stdout=output, stderr=output, start_new_session=True, env={**os.environ, "HOME": folder}
            )
            try:
                browser.wait(timeout)
            except spawn.TimeoutExpired:
                raise ReportUnavailable("Making the image took too long.", code="report_failed") from None
            finally:
                _kill_group(browser)
        if browser.returncode != 0 or not target.is_file() or not target.stat().st_size:
            last = log.read_text(errors="replace").strip().splitlines()[-1:]
            raise ReportUnavailable(f"Chromium could not draw the image. {' '.join(last)}", code="report_failed")
        return target.read_bytes()


def png_as_svg(png, title, description, size=(WIDTH, HEIGHT)):
    """An SVG document showing `png` at `size`, its title and description as text."""
    width, height = size
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<image width="{width}" height="{height}" href="data:image/png;base64,{data}" '
        f'xlink:href="data:image/png;base64,{data}"/></svg>'
    ).encode()
