"""QR codes for join links, as SVG or PNG."""

import io

import qrcode
import qrcode.image.svg


def _qr(text, box_size=16):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=box_size)
    qr.add_data(text)
    qr.make(fit=True)
    return qr


def svg(text) -> bytes:
    image = _qr(text).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string()


def png(text, box_size=16) -> bytes:
    """A PNG of box_size pixels per module: 16 for screens; 40 prints sharp at A4 size (~1,500 px)."""
    buffer = io.BytesIO()
    _qr(text, box_size).make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
