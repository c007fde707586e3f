"""Image bytes for the tests: benign PNG/JPEG/WebP made with Pillow, and hostile ones (bombs built
by hand, polyglots, EXIF with GPS, formats we refuse, seeded mutations)."""

import io
import random
import struct
import zipfile
import zlib

from PIL import Image

GPS_LATITUDE = (60.0, 10.0, 12.34)
GPS_LONGITUDE = (24.0, 56.0, 43.21)
GPS_MARK = "GPSMARKHETKI"  # the GPS map datum: visible if the GPS area's bytes survive
XMP_MARK = "XMPMARKHETKI"
COMMENT_MARK = "COMMENTMARKHETKI"
SCRIPT = b"<html><script>alert(1)</script></html>"


def picture(width, height, mode="RGB"):
    """A picture whose left half is red and top half bright, so orientation and scale show."""
    image = Image.new("RGB", (width, height), (20, 40, 200))
    image.paste((220, 30, 30), (0, 0, width // 2, height))
    image.paste((240, 240, 60), (width // 2, 0, width, height // 2))
    if mode == "RGBA":
        alpha = Image.new("L", (width, height), 255)
        alpha.paste(0, (0, 0, width // 4, height // 4))
        image.putalpha(alpha)
        return image
    return image.convert(mode)


def encode(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png(width=64, height=48, mode="RGB"):
    return encode(picture(width, height, mode), "PNG")


def jpeg(width=64, height=48, **options):
    return encode(picture(width, height), "JPEG", quality=90, **options)


def webp(width=64, height=48, mode="RGB"):
    return encode(picture(width, height, mode), "WEBP", quality=90)


def gps_exif(orientation=6):
    """EXIF with a GPS position (IFD 0x8825), an orientation, a camera and a comment-like string."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "HetkiCam"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: GPS_LONGITUDE, 18: GPS_MARK})
    return exif


def xmp_packet():
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:Description>{XMP_MARK}</rdf:Description></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def jpeg_with_gps(width=40, height=20, orientation=6):
    """A JPEG with EXIF GPS and orientation, an XMP packet, an ICC profile and a comment."""
    return jpeg(
        width,
        height,
        exif=gps_exif(orientation),
        xmp=xmp_packet(),
        icc_profile=b"ICCMARK" * 20,
        comment=COMMENT_MARK.encode(),
    )


def png_with_gps(width=40, height=20, orientation=6):
    return encode(picture(width, height), "PNG", exif=gps_exif(orientation), icc_profile=b"ICC" * 50)


def webp_with_gps(width=40, height=20, orientation=6):
    return encode(picture(width, height), "WEBP", exif=gps_exif(orientation), xmp=xmp_packet())


def _chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def raw_png(width, height, bit_depth=1, colour_type=0, rows=None):
    """A single-colour PNG written by hand, never holding its pixels in memory: a 20000x20000 bomb
    is ~60 KB. `rows` limits the rows written (fewer than `height`: a truncated image)."""
    row = b"\0" * (1 + (width * bit_depth + 7) // 8)  # filter byte "none", then zeros
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height if rows is None else rows)]
    data = b"".join(parts) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def png_then_html():
    return png() + SCRIPT


def png_then_zip():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("index.html", SCRIPT)
    return png() + archive.getvalue()


def jpeg_with_html_comment():
    """A JPEG whose COM segment holds a script (and the comment mark)."""
    return jpeg(comment=SCRIPT + COMMENT_MARK.encode())


def animated_webp(frames=3, width=32, height=24):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    images = [Image.new("RGB", (width, height), colours[i % 4]) for i in range(frames)]
    return encode(images[0], "WEBP", save_all=True, append_images=images[1:], duration=100, loop=0)


def animated_png(frames=3, width=32, height=24):
    images = [Image.new("RGB", (width, height), (i * 80, 0, 0)) for i in range(frames)]
    return encode(images[0], "PNG", save_all=True, append_images=images[1:], duration=100)


def mpo(width=64, height=48):
    """A JPEG holding two pictures (MPF), as phones write with a gain map: Pillow calls it MPO."""
    second = picture(width // 2, height // 2)
    return encode(picture(width, height), "MPO", save_all=True, append_images=[second])


def svg():
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' + (
        b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
    )


def refused_samples():
    """(name, bytes) of everything that is not an image we take."""
    image = picture(16, 16)
    return [
        ("svg", svg()),
        ("gif", encode(image.convert("P"), "GIF")),
        ("bmp", encode(image, "BMP")),
        ("tiff", encode(image, "TIFF")),
        ("ico", encode(image, "ICO")),
        ("pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
        ("pdf-by-pillow", encode(image, "PDF")),
        ("html", b"<!doctype html><html><body><script>alert(1)</script></body></html>"),
        ("text", b"just some words, not an image\n"),
        ("empty", b""),
        ("random", random.Random(7).randbytes(4096)),
        ("truncated-png", png(200, 150)[: len(png(200, 150)) // 2]),
        ("truncated-jpeg", jpeg(200, 150)[: len(jpeg(200, 150)) // 2]),
        ("truncated-webp", webp(200, 150)[: len(webp(200, 150)) // 2]),
        ("png-magic-only", b"\x89PNG\r\n\x1a\n"),
        ("jpeg-magic-only", b"\xff\xd8\xff\xe0"),
        ("riff-webp-header-only", b"RIFF\x10\0\0\0WEBPVP8 "),
    ]


def mutations(sources, count, seed=1234):
    """`count` damaged copies of `sources`: bytes flipped, runs cut out or repeated, tails cut."""
    rng = random.Random(seed)
    for index in range(count):
        data = bytearray(rng.choice(sources))
        how = index % 4
        if how == 0:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 1:
            start = rng.randrange(len(data))
            del data[start : start + rng.randint(1, 64)]
        elif how == 2:
            start = rng.randrange(len(data))
            data[start:start] = data[start : start + rng.randint(1, 64)] * rng.randint(1, 4)
        else:
            data = data[: rng.randrange(1, len(data))]
        yield bytes(data)
