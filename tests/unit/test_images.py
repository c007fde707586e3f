"""Poll images: every upload is decoded by content, refused with a 4xx Invalid unless it is a PNG,
JPEG or WebP of bounded size, and stored as a fresh WebP holding pixels only (no metadata, no
appended bytes, one frame). A bomb is refused from its header, before any pixel is decoded."""

import io
import subprocess
import sys
import warnings

import pytest
from PIL import Image

from server.domain.errors import Invalid, StorageFull
from server.media.images import ImageLimits, ImageStore, clean_image
from tests.helpers import images as samples
from tests.helpers.sources import ROOT

DEFAULTS = ImageLimits()

DEFAULT_LIMITS = ImageLimits()


def _webp(out):
    assert out[:4] == b"RIFF" and out[8:12] == b"WEBP"
    image = Image.open(io.BytesIO(out))
    assert image.format == "WEBP"
    image.load()
    return image


def _refused(data, code, status, limits=DEFAULTS):
    with pytest.raises(Invalid) as caught:
        clean_image(data, limits)
    assert (caught.value.code, caught.value.status) == (code, status)
    return caught.value


@pytest.mark.parametrize(
    "data, mode",
    [
        (samples.png(), "RGB"),
        (samples.jpeg(), "RGB"),
        (samples.webp(), "RGB"),
        (samples.png(mode="RGBA"), "RGBA"),
        (samples.webp(mode="RGBA"), "RGBA"),
        (samples.png(mode="L"), "RGB"),
        (samples.png(mode="P"), "RGB"),
        (samples.mpo(), "RGB"),  # a phone's JPEG with a gain map: Pillow calls it MPO
    ],
    ids=["png", "jpeg", "webp", "rgba-png", "rgba-webp", "grey-png", "palette-png", "mpo-jpeg"],
)
def test_images_we_take_come_back_as_webp(data, mode):
    out, width, height = clean_image(data)
    image = _webp(out)
    assert (width, height) == image.size == (64, 48)
    assert image.mode == mode
    if mode == "RGBA":
        assert image.getpixel((1, 1))[3] == 0 and image.getpixel((60, 40))[3] == 255


def test_a_large_photo_is_scaled_down_keeping_its_aspect():
    out, width, height = clean_image(samples.jpeg(4000, 3000))
    assert (width, height) == _webp(out).size == (1600, 1200)
    out, width, height = clean_image(samples.png(300, 2000), ImageLimits(stored_side=500))
    assert (width, height) == _webp(out).size == (75, 500)


@pytest.mark.parametrize("make", [samples.jpeg_with_gps, samples.png_with_gps, samples.webp_with_gps])
def test_metadata_is_dropped_and_orientation_applied(make):
    data = make(40, 20, orientation=6)
    assert samples.GPS_MARK.encode() in data  # the sample does carry what must go
    out, width, height = clean_image(data)
    image = _webp(out)
    assert (width, height) == image.size == (20, 40)
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert len(image.getexif()) == 0
    for mark in (samples.GPS_MARK, samples.XMP_MARK, samples.COMMENT_MARK, "ICCMARK", "HetkiCam"):
        assert mark.encode() not in out
    assert b"EXIF" not in out and b"XMP " not in out and b"ICCP" not in out
    # Orientation 6 turns the picture clockwise: its red left half ends up on top.
    red, _, blue = image.convert("RGB").getpixel((10, 5))
    assert red > 150 and blue < 100


@pytest.mark.parametrize(
    "data",
    [samples.png_then_html(), samples.png_then_zip(), samples.jpeg_with_html_comment()],
    ids=["png+html", "png+zip", "jpeg-comment-html"],
)
def test_polyglots_keep_only_their_pixels(data, tmp_path):
    assert b"<script" in data
    out, _, _ = clean_image(data)
    _webp(out)
    store = ImageStore(tmp_path)
    stored = store.read("ev1", store.keep("ev1", out))
    for needle in (b"<script", b"PK\x03\x04", samples.COMMENT_MARK.encode(), b"alert"):
        assert needle not in stored


BOMB_PROBE = """
import resource, sys
from pathlib import Path
from server.domain.errors import Invalid
from server.media.images import clean_image
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    clean_image(data)
    print("accepted", 0)
except Invalid as exc:
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(exc.code, exc.status, after - before)
"""


@pytest.mark.parametrize(
    "width, height, depth",
    [(20000, 20000, 1), (8000, 8000, 8)],
    ids=["20000x20000-past-pillows-own-limit", "8000x8000-past-ours"],
)
def test_a_decompression_bomb_is_refused_before_decoding(width, height, depth, tmp_path):
    bomb = samples.raw_png(width, height, bit_depth=depth)
    assert len(bomb) < 1024 * 1024
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    # Pillow allocates pixels with malloc, which tracemalloc does not see: the peak resident size of
    # a fresh process is measured instead (decoding the 8000x8000 one would add 64 MB and more).
    run = subprocess.run(
        [sys.executable, "-c", BOMB_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    code, status, grown_kb = run.stdout.split()
    assert (code, status) == ("image_too_large", "422")
    assert int(grown_kb) < 50 * 1024


def test_pillows_bomb_warning_is_a_refusal_and_never_escapes():
    # 10000x10000 is past Pillow's warning (89 Mpx) but not its error (179 Mpx)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        error = _refused(samples.raw_png(10000, 10000), "image_too_large", 422)
    assert "megapixels" in error.message
    assert not [w for w in seen if issubclass(w.category, Image.DecompressionBombWarning)]


def test_pixels_are_bounded_by_our_limit_from_the_header():
    _refused(samples.raw_png(2000, 2000), "image_too_large", 422, ImageLimits(max_pixels=3_000_000))
    clean_image(samples.raw_png(1000, 1000), ImageLimits(max_pixels=3_000_000))


def test_a_side_over_max_side_is_refused():
    error = _refused(samples.raw_png(100000, 10), "image_too_large", 422)
    assert "12000 pixels" in error.message
    _refused(samples.raw_png(10, 100000), "image_too_large", 422)


@pytest.mark.parametrize("name, data", samples.refused_samples(), ids=lambda v: v if isinstance(v, str) else "")
def test_what_is_not_a_png_jpeg_or_webp_is_unsupported(name, data):
    error = _refused(data, "image_unsupported", 415)
    assert "PNG, JPEG or WebP" in error.message


def test_garbled_images_give_a_webp_or_invalid_and_nothing_else():
    sources = [samples.png(40, 30), samples.jpeg(40, 30), samples.webp(40, 30), samples.png(20, 20, "RGBA")]
    outcomes = {"webp": 0, "invalid": 0}
    for data in samples.mutations(sources, 200, seed=20240601):
        try:
            out, width, height = clean_image(data)
        except Invalid as exc:
            assert (exc.code, exc.status) in {("image_unsupported", 415), ("image_too_large", 422)}
            outcomes["invalid"] += 1
        else:
            assert _webp(out).size == (width, height)
            outcomes["webp"] += 1
    assert outcomes["webp"] and outcomes["invalid"]  # both paths were exercised


@pytest.mark.parametrize("make", [samples.animated_webp, samples.animated_png], ids=["webp", "apng"])
def test_only_the_first_frame_of_an_animation_is_stored(make):
    data = make(frames=3)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    out, _, _ = clean_image(data)
    image = _webp(out)
    assert getattr(image, "n_frames", 1) == 1 and not getattr(image, "is_animated", False)
    assert b"ANIM" not in out and b"ANMF" not in out


def test_an_upload_over_upload_bytes_is_413():
    data = samples.png(64, 48)
    error = _refused(data, "image_too_large", 413, ImageLimits(upload_bytes=len(data) - 1))
    assert "MB" in error.message
    clean_image(data, ImageLimits(upload_bytes=len(data)))


# ImageStore


def _cleaned(colour_seed=0):
    out, _, _ = clean_image(samples.png(16 + colour_seed, 16))
    return out


def test_the_same_image_kept_twice_is_stored_once(tmp_path):
    store = ImageStore(tmp_path)
    webp = _cleaned()
    first, second = store.keep("ev1", webp), store.keep("ev1", webp)
    assert first == second and len(first) == 32
    assert [p.name for p in (tmp_path / "ev1" / "images").iterdir()] == [f"{first}.webp"]
    assert store.count("ev1") == 1 and store.read("ev1", first) == webp
    assert store.exists("ev1", first) and store.path("ev1", first).is_file()


def test_an_event_holds_at_most_per_event_images(tmp_path):
    store = ImageStore(tmp_path, per_event=2)
    kept = [store.keep("ev1", _cleaned(i)) for i in range(2)]
    with pytest.raises(Invalid) as caught:
        store.keep("ev1", _cleaned(2))
    assert (caught.value.code, caught.value.status) == ("too_many_images", 409)
    assert store.keep("ev1", _cleaned(0)) == kept[0]  # one already there is fine
    assert store.count("ev1") == 2 and store.keep("ev2", _cleaned(2))
    assert not list((tmp_path / ".incoming").iterdir())


def test_path_takes_only_well_formed_ids(tmp_path):
    store = ImageStore(tmp_path / "media")
    image_id = store.keep("ev1", _cleaned())
    # Files where a malformed id would lead if it formed a path unchecked.
    for planted in ("images", "media/images", "media/ev1\n/images"):
        (tmp_path / planted).mkdir(parents=True)
        (tmp_path / planted / f"{image_id}.webp").write_bytes(b"secret")
    (tmp_path / "media" / "ev1" / "x.webp").write_bytes(b"secret")
    (tmp_path / "media" / "ev1" / "images" / f"{image_id}\n.webp").write_bytes(b"secret")
    assert store.path("ev1", image_id) == tmp_path / "media" / "ev1" / "images" / f"{image_id}.webp"
    for bad in ("../x", "../../x", image_id.upper(), image_id[:31], image_id + "0", image_id + "\n", "", None, 7):
        assert store.path("ev1", bad) is None
        assert store.read("ev1", bad) is None and not store.exists("ev1", bad)
    for bad_event in ("..", "ev1/..", "ev1\n", "", None, "a" * 65, "ev 1"):
        assert store.path(bad_event, image_id) is None
    assert store.path("ev2", image_id) is None  # another event's image
    assert store.path("ev1", "0" * 32) is None  # well formed, not there


def test_copy_puts_the_images_under_the_other_event(tmp_path):
    store = ImageStore(tmp_path)
    kept = [store.keep("ev1", _cleaned(i)) for i in range(2)]
    store.copy("ev1", "ev2", [*kept, "0" * 32, "../x"])
    assert store.count("ev2") == 2
    for image_id in kept:
        assert store.read("ev2", image_id) == store.read("ev1", image_id)
    store.copy("ev1", "ev2", kept)  # again: nothing changes, nothing fails
    assert store.count("ev2") == 2


class FullReserve:
    def ensure_room(self, incoming_bytes=0):
        raise StorageFull()


def test_a_full_reserve_leaves_no_file(tmp_path):
    store = ImageStore(tmp_path, reserve=FullReserve())
    with pytest.raises(StorageFull):
        store.keep("ev1", _cleaned())
    assert store.count("ev1") == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_keep_removes_its_temp_file_when_it_fails(tmp_path):
    store = ImageStore(tmp_path)
    (tmp_path / "ev1").write_bytes(b"")  # the event's folder cannot be made: a file is in the way
    with pytest.raises(OSError):
        store.keep("ev1", _cleaned())
    assert list((tmp_path / ".incoming").iterdir()) == []
