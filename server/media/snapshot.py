"""A page as a PNG by headless Chromium's --screenshot, and that PNG as an SVG.

The same browser and start page as the PDF (media/pdf.py): the one-time token never goes on the
command line. The SVG wraps the PNG in an <image> rather than serializing the page's DOM into a
<foreignObject>: slide tools (PowerPoint, Keynote, Google Slides) drop foreignObject, so the
picture they show would be empty; the wrapped PNG looks the same everywhere, and the SVG's
<title> and <desc> carry the question and the figures as text for screen readers and search."""

import base64
from xml.sax.saxutils import escape

from .pdf import run_chromium

WIDTH, HEIGHT = 1600, 900  # 16:9, the projector's shape, sharp on a full slide


def screenshot_png(chromium, flags, url, timeout, spawn, size=(WIDTH, HEIGHT)):
    """Chromium draws `url` at `size` and screenshots it; the PNG's bytes. Off the event loop, as print_to_pdf."""
    shot = [*flags, f"--window-size={size[0]},{size[1]}", "--screenshot={target}"]
    return run_chromium(chromium, shot, url, timeout, spawn, "result.png", "the image")


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
