"""Video files of reactions: proving an upload is a real WebM or MP4, its duration, a poster frame.

Nothing the client sent names a file: paths are MEDIA_DIR/<event id>/<reaction id>.<ext>, both
ids made by the server.

An upload is hostile until proven a video. FFmpeg's demuxers can follow references inside a file
(HLS playlists, concat lists, MP4 data references, image sequences) to other local files or to
the network, so every open goes through `_open`: only the WebM and MP4 demuxers are allowed, only
the file protocol, and the one file FFmpeg may open is the upload itself.
"""

import errno
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import av

from .domain import StorageFull

# PyAV's container names for the formats we accept, and the extension and MIME type we store.
CONTAINERS = {
    "matroska,webm": ("webm", "video/webm"),
    "mov,mp4,m4a,3gp,3g2,mj2": ("mp4", "video/mp4"),
}
POSTER_AT_SECONDS = 1.0
# The demuxers FFmpeg may pick (the names inside CONTAINERS' keys), and phones record at most 4K.
DEMUXERS = "matroska,webm,mov,mp4,m4a,3gp,3g2,mj2"
MAX_SIDE = 4096
SAFE_OPTIONS = {"format_whitelist": DEMUXERS, "protocol_whitelist": "file", "enable_drefs": "0"}
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class NotAVideo(ValueError):
    """The file is not a WebM or MP4 with a video stream we can read."""


@dataclass
class Probe:
    extension: str
    mime: str
    duration: float
    width: int
    height: int


def _open(path: Path):
    """The upload as a PyAV container, opened so that FFmpeg can read no other file and no URL."""
    allowed = str(path)

    def only_the_upload(url, flags, options):
        if url != allowed:
            raise PermissionError(f"a video may not refer to {url!r}")
        return open(allowed, "rb")

    return av.open(allowed, mode="r", container_options=SAFE_OPTIONS, io_open=only_the_upload)


def probe(path: Path) -> Probe:
    """Opens the file with PyAV and reads it as a video; raises NotAVideo otherwise."""
    try:
        with _open(path) as container:
            kind = CONTAINERS.get(container.format.name)
            video = next((s for s in container.streams if s.type == "video"), None)
            if not kind or video is None:
                raise NotAVideo("not a WebM or MP4 video")
            width, height = video.codec_context.width or 0, video.codec_context.height or 0
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise NotAVideo(f"a video of {width}x{height} pixels")
            duration = _duration(container, video)
            return Probe(kind[0], kind[1], duration, width, height)
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, IndexError, StopIteration) as exc:
        raise NotAVideo(str(exc)) from None


def _duration(container, video):
    """The true duration: browsers' MediaRecorder often writes no duration, so decode to the end."""
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    last = 0.0
    frames = 0
    for packet in container.demux(video):
        if packet.pts is not None and packet.time_base is not None:
            end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
            last = max(last, end)
            frames += 1
    if not frames:
        raise NotAVideo("no video frames")
    start = float(video.start_time * video.time_base) if video.start_time is not None else 0.0
    return max(0.0, last - start)


def poster(video_path: Path, poster_path: Path, at_seconds=POSTER_AT_SECONDS):
    """Writes a JPEG of the frame nearest `at_seconds` (or the last frame of a shorter clip)."""
    chosen = None
    try:
        with _open(video_path) as container:
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                if not (0 < frame.width <= MAX_SIDE and 0 < frame.height <= MAX_SIDE):
                    raise NotAVideo(f"a frame of {frame.width}x{frame.height} pixels")
                chosen = frame
                if frame.time is not None and frame.time >= at_seconds:
                    break
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, IndexError) as exc:
        raise NotAVideo(str(exc)) from None
    if chosen is None:
        raise NotAVideo("no frame to make a poster from")
    image = chosen.to_image()
    image.thumbnail((640, 640))
    image.convert("RGB").save(poster_path, format="JPEG", quality=80)


def audio_samples(path: Path, rate: int = 16000):
    """The first audio track as mono float32 samples at `rate` Hz (none when there is no track), as
    speech recognition takes them: decoded and resampled by PyAV, no FFmpeg binary."""
    import numpy as np  # only the worker needs it

    parts = []
    try:
        with _open(path) as container:
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is not None:
                resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
                for frame in container.decode(stream):
                    parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(frame))
                parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, IndexError) as exc:
        raise NotAVideo(str(exc)) from None
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, dtype=np.float32)


class MediaStore:
    """Where reaction files live; writes go to a temp name first and are renamed into place."""

    def __init__(self, media_dir: Path):
        self.root = Path(media_dir)
        self.incoming = self.root / ".incoming"
        self.incoming.mkdir(parents=True, exist_ok=True)

    def temp_path(self) -> Path:
        return self.incoming / f"{uuid.uuid4().hex}.part"

    def receive(self, save) -> Path:
        """A temp file holding what `save(path)` wrote; on a full disk StorageFull and no partial file."""
        temp = self.temp_path()
        try:
            save(temp)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            if exc.errno in NO_ROOM:
                raise StorageFull() from None
            raise
        return temp

    def event_dir(self, eid) -> Path:
        return self.root / eid

    def video_path(self, eid, rid, extension) -> Path:
        return self.event_dir(eid) / f"{rid}.{extension}"

    def poster_path(self, eid, rid) -> Path:
        return self.event_dir(eid) / f"{rid}.jpg"

    def keep(self, temp: Path, eid, rid, extension):
        """Moves a checked upload into place with its poster; on failure nothing is left behind."""
        poster_temp = self.incoming / f"{rid}.jpg.part"
        try:
            poster(temp, poster_temp)  # before the event's folder exists: a refused file leaves no trace
            self.event_dir(eid).mkdir(parents=True, exist_ok=True)
            os.replace(poster_temp, self.poster_path(eid, rid))
            os.replace(temp, self.video_path(eid, rid, extension))
        except OSError as exc:
            if exc.errno in NO_ROOM:
                raise StorageFull() from None
            raise
        finally:
            for leftover in (poster_temp, temp):
                leftover.unlink(missing_ok=True)

    def delete(self, eid, rid, extension):
        for path in (self.video_path(eid, rid, extension), self.poster_path(eid, rid)):
            path.unlink(missing_ok=True)

    def delete_event(self, eid):
        shutil.rmtree(self.event_dir(eid), ignore_errors=True)
