"""The organizer's brand on an event: an accent colour that stays readable (the logo is an image of
the event, media/images.py; a custom join code is domain/events.py's).

The accent is the organizer's colour on the light pages (phone, organizer, results, PDF), where it
is text on the page and the background of white button text: it must reach WCAG's 4.5:1 there, or
it is refused with a darker colour of the same hue to try. No one colour reaches 4.5:1 on both a
near-white page and the projector's near-black one (the window is a few hundredths of luminance
wide), so the dark screen gets a lighter tint of the same hue, made here until it reaches 4.5:1.
"""

import colorsys
import re

from . import Invalid

MIN_CONTRAST = 4.5
# hetki.css --bg, --card (white is also the buttons' text) and the tint behind chips and choices
LIGHT_BACKGROUNDS = ("#f5f5fb", "#ffffff", "#efedff")
DARK_BACKGROUND = "#12122a"  # .page-screen
HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_color(value):
    """'#rrggbb' (lower case) from '#rgb' or '#rrggbb' with or without '#', else None."""
    found = HEX.match(value.strip()) if isinstance(value, str) else None
    if not found:
        return None
    digits = found[1].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _rgb(color):
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _hex(rgb):
    return "#" + "".join(f"{round(min(1, max(0, c)) * 255):02x}" for c in rgb)


def luminance(color):
    """WCAG 2 relative luminance of '#rrggbb'."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def light_contrast(color):
    return min(contrast(color, background) for background in LIGHT_BACKGROUNDS)


def _shifted(color, passes, step):
    """The colour of the same hue and saturation with its HLS lightness moved by `step` until
    `passes` holds (black or white at the end always does)."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(color))
    while not passes(color):
        lightness = min(1.0, max(0.0, lightness + step))
        color = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
    return color


def darker(color, factor=0.8):
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(color))
    return _hex(colorsys.hls_to_rgb(hue, lightness * factor, saturation))


def on_dark(color):
    """The accent as the projector screen shows it: lighter until it reads on the dark background."""
    return _shifted(color, lambda c: contrast(c, DARK_BACKGROUND) >= MIN_CONTRAST, 0.02)


def checked_accent(value):
    """The stored accent: '' for Hetki's own, else '#rrggbb' reaching 4.5:1 on the light theme.
    Invalid invalid_color or low_contrast (with a suggested colour in its message and fields)."""
    if value is None or value == "":
        return ""
    color = parse_color(value)
    if color is None:
        raise Invalid("Give the colour as #rrggbb, for example #1d4ed8.", code="invalid_color")
    ratio = light_contrast(color)
    if ratio < MIN_CONTRAST:
        suggestion = _shifted(color, lambda c: light_contrast(c) >= MIN_CONTRAST, -0.02)
        raise Invalid(
            f"{color} is too light to read on a white page ({ratio:.1f}:1, at least {MIN_CONTRAST}:1 is needed). "
            f"Try {suggestion}, the same hue darker.",
            code="low_contrast",
            fields={"accent_color": [f"Too light: try {suggestion}."]},
        )
    return color


def brand_colors(accent):
    """The CSS colours for an accent ('' for none → None)."""
    if not accent:
        return None
    return {"accent": accent, "accent_dark": darker(accent), "accent_on_dark": on_dark(accent)}
