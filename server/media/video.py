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
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import av

from ..domain.errors import NotAVideo, StorageFull, TooCostly

# PyAV's container names for the formats we accept, and the extension and MIME type we store.
CONTAINERS = {
    "matroska,webm": ("webm", "video/webm"),
    "mov,mp4,m4a,3gp,3g2,mj2": ("mp4", "video/mp4"),
}
POSTER_AT_SECONDS = 1.0
MP4_SUFFIX = ".h264.mp4"  # the MP4 copy a worker makes beside the stored video (media/transcode.py)
# The demuxers FFmpeg may pick (the names inside CONTAINERS' keys), and phones record at most 4K.
DEMUXERS = "matroska,webm,mov,mp4,m4a,3gp,3g2,mj2"
MAX_SIDE = 4096
SAFE_OPTIONS = {"format_whitelist": DEMUXERS, "protocol_whitelist": "file", "enable_drefs": "0"}
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
# A "frame bomb" (one keyframe, then a thousand tiny 4096x4096 inter-frames before the poster's
# second) costs 16 ms of CPU a frame: reading a file stops after this many frames (decoded for the
# poster, demuxed for the duration) or seconds. A phone's 240 fps slow motion needs 240 frames.
DECODE_FRAMES = 300
DEMUX_PACKETS = 50_000
DECODE_SECONDS = 5.0


@dataclass(frozen=True)
class Budget:
    """How much reading one upload may cost: frames decoded, packets demuxed, wall or CPU seconds."""

    frames: int = DECODE_FRAMES
    packets: int = DEMUX_PACKETS
    seconds: float = DECODE_SECONDS


def _bounded(items, limit, seconds):
    """`items`, until more than `limit` of them or `seconds` of wall or of this thread's CPU time."""
    wall, cpu = time.monotonic() + seconds, time.thread_time() + seconds
    for count, item in enumerate(items, 1):
        if count > limit or time.monotonic() > wall or time.thread_time() > cpu:
            raise TooCostly(f"more than {limit} frames or {seconds} s to read")
        yield item


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


def probe(path: Path, budget: Budget = Budget()) -> Probe:
    """Opens the file with PyAV and reads it as a video; raises NotAVideo otherwise (TooCostly
    beyond `budget`)."""
    try:
        with _open(path) as container:
            kind = CONTAINERS.get(container.format.name)
            video = next((s for s in container.streams if s.type == "video"), None)
            if not kind or video is None:
                raise NotAVideo("not a WebM or MP4 video")
            width, height = video.codec_context.width or 0, video.codec_context.height or 0
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise NotAVideo(f"a video of {width}x{height} pixels")
            duration = _duration(container, video, budget)
            return Probe(kind[0], kind[1], duration, width, height)
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, IndexError, StopIteration) as exc:
        raise NotAVideo(str(exc)) from None


def _duration(container, video, budget):
    """The true duration: browsers' MediaRecorder often writes no duration, so decode to the end."""
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    last = 0.0
    frames = 0
    for packet in _bounded(container.demux(video), budget.packets, budget.seconds):
        if packet.pts is not None and packet.time_base is not None:
            end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
            last = max(last, end)
            frames += 1
    if not frames:
        raise NotAVideo("no video frames")
    start = float(video.start_time * video.time_base) if video.start_time is not None else 0.0
    return max(0.0, last - start)


def poster(video_path: Path, poster_path: Path, at_seconds=POSTER_AT_SECONDS, budget: Budget = Budget()):
    """Writes a JPEG of the frame nearest `at_seconds` (or the last frame of a shorter clip);
    TooCostly when that takes more than `budget`."""
    chosen = None
    try:
        with _open(video_path) as container:
            stream = container.streams.video[0]
            for frame in _bounded(container.decode(stream), budget.frames, budget.seconds):
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


# WebM takes only these codecs; a Matroska upload holding others is stored as Matroska (same demuxer).
WEBM_CODECS = {"vp8", "vp9", "av1", "opus", "vorbis"}


def remux(source: Path, target: Path, extension: str, budget: Budget = Budget()) -> int:
    """Copies the video stream and the first audio stream of `source` into a new file, without
    re-encoding: what is stored is what was probed, never bytes appended after the media (or
    streams nobody plays). Returns the new file's size; NotAVideo if it cannot be written."""
    try:
        with _open(source) as container:
            video = container.streams.video[0]
            streams = [video, *container.streams.audio[:1]]
            with av.open(str(target), mode="w", format=_muxer(extension, streams)) as output:
                copies = {s.index: output.add_stream_from_template(s) for s in streams}
                frames = 0
                for packet in _bounded(container.demux(streams), budget.packets, budget.seconds):
                    if packet.dts is None:  # the demuxer's end-of-stream marker, no data
                        continue
                    frames += packet.stream.type == "video"
                    packet.stream = copies[packet.stream.index]
                    output.mux(packet)
                if not frames:
                    raise NotAVideo("no video frames")
    except NotAVideo:
        raise
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, IndexError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno in NO_ROOM:
            raise StorageFull() from None
        raise NotAVideo(str(exc)) from None
    return target.stat().st_size


def _muxer(extension, streams):
    if extension == "mp4":
        return "mp4"
    return "webm" if all(s.codec_context.name in WEBM_CODECS for s in streams) else "matroska"


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

    def __init__(self, media_dir: Path, budget: Budget = Budget(), reserve=None):
        self.root = Path(media_dir)
        self.reserve = reserve  # a DiskReserve: free space uploads never take (None: no check)
        self.budget = budget  # what reading one upload may cost (probe and poster)
        self.incoming = self.root / ".incoming"
        self.incoming.mkdir(parents=True, exist_ok=True)

    def probe(self, upload: Path) -> Probe:
        """`probe` within this store's budget (NotAVideo, TooCostly)."""
        return probe(upload, self.budget)

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

    def mp4_path(self, eid, rid) -> Path:
        return self.event_dir(eid) / f"{rid}{MP4_SUFFIX}"

    def keep(self, upload: Path, eid, rid, extension) -> int:
        """Stores a checked upload remuxed (only its media) with its poster; returns the stored
        size. The upload itself stays for the caller to remove; on failure nothing is left behind."""
        stored_temp = self.incoming / f"{rid}.{extension}.part"
        poster_temp = self.incoming / f"{rid}.jpg.part"
        try:
            self.ensure_room(upload.stat().st_size)  # the copy is about as large as the upload
            size = remux(upload, stored_temp, extension, self.budget)
            # before the event's folder exists: a refused file leaves no trace
            poster(stored_temp, poster_temp, budget=self.budget)
            self.event_dir(eid).mkdir(parents=True, exist_ok=True)
            os.replace(poster_temp, self.poster_path(eid, rid))
            os.replace(stored_temp, self.video_path(eid, rid, extension))
            return size
        except OSError as exc:
            if exc.errno in NO_ROOM:
                raise StorageFull() from None
            raise
        finally:
            for leftover in (poster_temp, stored_temp):
                leftover.unlink(missing_ok=True)

    def ensure_room(self, incoming_bytes=0):
        """StorageFull unless `incoming_bytes` more still leave the reserve free (see DiskReserve)."""
        if self.reserve is not None:
            self.reserve.ensure_room(incoming_bytes)

    def delete(self, eid, rid, extension):
        for path in (self.video_path(eid, rid, extension), self.poster_path(eid, rid), self.mp4_path(eid, rid)):
            path.unlink(missing_ok=True)

    def event_ids(self):
        """The events with a folder here (ids made by the server; `.incoming` is not one)."""
        return [p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")]

    def delete_event(self, eid):
        shutil.rmtree(self.event_dir(eid), ignore_errors=True)
