"""Images of "image choice" polls: proving an upload is a PNG, JPEG or WebP, and storing a clean copy.

An upload is hostile until decoded. Nothing of it is stored as sent: the pixels of its first frame
are re-encoded as a WebP without metadata, so appended HTML or ZIPs, comment segments, EXIF GPS
positions and ICC profiles are gone. The size in the header is checked before any pixel is decoded,
so a small file claiming billions of pixels (a decompression bomb) costs nothing.

Nothing the client sent names a file: paths are MEDIA_DIR/<event id>/images/<image id>.webp, the
image id being a hash of the stored bytes, checked against a pattern before it forms a path.
"""

import errno
import hashlib
import io
import math
import os
import re
import shutil
import struct
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..domain import valid_id
from ..domain.errors import Invalid, StorageFull

IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}
# Pillow names a JPEG holding several pictures (MPF: a phone's gain map or depth map) "MPO"; it is
# a JPEG to everyone else, and we keep its first picture only.
DECODED_AS = IMAGE_FORMATS | {"MPO"}
WEBP_OPTIONS = {"quality": 82, "method": 4}
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
IMAGE_ID = re.compile(r"^[0-9a-f]{32}$")
# What a garbled file makes Pillow raise while parsing or decoding.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError)

UNSUPPORTED = "Use a PNG, JPEG or WebP image."


@dataclass(frozen=True)
class ImageLimits:
    upload_bytes: int = 5 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 12_000
    stored_side: int = 1600


def _unsupported(message=UNSUPPORTED):
    return Invalid(message, code="image_unsupported", status=415)


def _too_large(message, status=422):
    return Invalid(message, code="image_too_large", status=status)


def clean_image(data: bytes, limits: ImageLimits = ImageLimits()) -> tuple[bytes, int, int]:
    """Decode (by content, never by name or declared type), apply EXIF orientation, flatten to RGB/RGBA,
    scale down to stored_side, re-encode as WebP with no metadata. Returns (webp bytes, width, height).
    Only the first frame of an animated image. Raises Invalid (415 image_unsupported, 413 or 422
    image_too_large) and nothing else for any bytes."""
    if len(data) > limits.upload_bytes:
        megabytes = limits.upload_bytes / (1024 * 1024)
        raise _too_large(f"The file is larger than {megabytes:g} MB.", status=413)
    if not data:
        raise _unsupported("The file is empty. " + UNSUPPORTED)
    try:
        # Pillow warns (then refuses) past its own MAX_IMAGE_PIXELS; ours is lower, so a warning
        # only ever comes for an image refused anyway: make it an error and stop there.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                _check_header(img, limits)
                return _reencode(img, limits)
    except Invalid:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(_pixels_message(limits)) from None
    except UNREADABLE:
        raise _unsupported() from None


def _pixels_message(limits):
    return f"The image is larger than {limits.max_pixels / 1_000_000:g} megapixels."


def _check_header(img, limits):
    """Refuses by the header alone, before any pixel is decoded."""
    if img.format not in DECODED_AS:
        raise _unsupported()
    width, height = img.size
    if width <= 0 or height <= 0:
        raise _unsupported()
    if width > limits.max_side or height > limits.max_side:
        raise _too_large(f"The image is wider or taller than {limits.max_side} pixels.")
    if width * height > limits.max_pixels:
        raise _too_large(_pixels_message(limits))


def _reencode(img, limits):
    side = limits.stored_side
    if img.format in ("JPEG", "MPO"):
        # decode a large JPEG at 1/2, 1/4 or 1/8 scale, never below the size it is stored at
        ratio = min(1.0, side / max(img.size))
        img.draft("RGB", (math.ceil(img.width * ratio), math.ceil(img.height * ratio)))
    img.load()  # a truncated file raises here (LOAD_TRUNCATED_IMAGES stays off)
    has_alpha = img.mode in ALPHA_MODES or "transparency" in img.info
    oriented = ImageOps.exif_transpose(img)
    flat = oriented.convert("RGBA" if has_alpha else "RGB")
    flat.thumbnail((side, side), Image.Resampling.LANCZOS)
    # The WebP encoder writes only the metadata it is handed (encoderinfo), never the source's info.
    out = io.BytesIO()
    flat.save(out, format="WEBP", exif=b"", xmp=b"", icc_profile=None, **WEBP_OPTIONS)
    return out.getvalue(), flat.width, flat.height


class ImageStore:
    """Images of events' polls: MEDIA_DIR/<event id>/images/<image id>.webp, the id being the first 32
    hex chars of the sha256 of the stored bytes (so one image uploaded twice is stored once)."""

    def __init__(self, media_dir: Path, reserve=None, per_event: int = 120):
        self.root = Path(media_dir)
        self.reserve = reserve  # a DiskReserve: free space uploads never take (None: no check)
        self.per_event = per_event
        self.incoming = self.root / ".incoming"

    def folder(self, eid) -> Path | None:
        # valid_id's `$` also matches before a final newline, which a folder name must not hold
        well_formed = valid_id(eid) and "\n" not in eid
        return self.root / eid / "images" if well_formed else None

    def keep(self, eid, webp: bytes) -> str:
        """Stores cleaned bytes (from clean_image) and returns their image id. StorageFull on a
        full disk or reserve, Invalid too_many_images (409) when the event holds per_event images."""
        folder = self.folder(eid)
        if folder is None:
            raise Invalid("Not a valid event.", code="invalid_event")
        image_id = hashlib.sha256(webp).hexdigest()[:32]
        target = folder / f"{image_id}.webp"
        if target.exists():
            return image_id
        if self.count(eid) >= self.per_event:
            raise Invalid(f"An event holds at most {self.per_event} images.", code="too_many_images", status=409)
        if self.reserve is not None:
            self.reserve.ensure_room(len(webp))
        self._place(target, temp_write=lambda temp: temp.write_bytes(webp))
        return image_id

    def path(self, eid, image_id) -> Path | None:
        """The stored file, or None unless both ids are well formed and the file exists."""
        folder = self.folder(eid)
        if folder is None or not isinstance(image_id, str) or not IMAGE_ID.fullmatch(image_id):
            return None
        candidate = folder / f"{image_id}.webp"
        return candidate if candidate.is_file() else None

    def exists(self, eid, image_id) -> bool:
        return self.path(eid, image_id) is not None

    def read(self, eid, image_id) -> bytes | None:
        found = self.path(eid, image_id)
        try:
            return found.read_bytes() if found else None
        except FileNotFoundError:  # deleted since
            return None

    def copy(self, from_eid, to_eid, image_ids) -> None:
        """Each existing image of `from_eid` also under `to_eid` (same ids): a hard link, else a copy."""
        folder = self.folder(to_eid)
        if folder is None:
            raise Invalid("Not a valid event.", code="invalid_event")
        for image_id in image_ids:
            source = self.path(from_eid, image_id)
            target = folder / f"{image_id}.webp" if source else None
            if source is None or target.exists():
                continue
            folder.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except FileExistsError:
                pass
            except OSError as exc:
                if exc.errno in NO_ROOM:
                    raise StorageFull() from None
                self._place(target, temp_write=lambda temp, source=source: shutil.copyfile(source, temp))

    def _place(self, target, temp_write):
        """Writes a temp file with temp_write(path), then renames it to target: never a partial file."""
        temp = self.incoming / f"{uuid.uuid4().hex}.part"
        try:
            self.incoming.mkdir(parents=True, exist_ok=True)
            temp_write(temp)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, target)
        except OSError as exc:
            if exc.errno in NO_ROOM:
                raise StorageFull() from None
            raise
        finally:
            temp.unlink(missing_ok=True)

    def count(self, eid) -> int:
        folder = self.folder(eid)
        if folder is None or not folder.is_dir():
            return 0
        return sum(1 for p in folder.iterdir() if p.suffix == ".webp" and IMAGE_ID.fullmatch(p.stem))
