"""An MP4 copy of a stored video reaction, made by a job worker, for the players WebM is not for.

PowerPoint and Keynote on a Mac play H.264 video with AAC audio in an MP4; browsers record WebM
(VP8/VP9 and Opus). The installed PyAV wheel carries libx264 and FFmpeg's own aac encoder
(`av.codecs_available`), so the copy is H.264 (yuv420p, High profile's defaults, `+faststart` so
a player starts before the whole file is read) and AAC-LC. It is made from the stored file (already
remuxed and probed, see video.py), opened through the same guarded `_open`, and bounded like the
other media work: frames, wall and CPU seconds (one encoder thread, so its CPU is the worker
thread's own) and the picture scaled down to MAX_SIDE.
"""

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from ..domain.errors import NotAVideo, StorageFull, TooCostly
from .video import MP4_SUFFIX, NO_ROOM, Budget, _bounded, _open

MAX_SIDE = 1280  # a projector needs no more, and a phone's 4K would cost minutes of CPU
AUDIO_RATE = 48000
AAC_FRAME = 1024  # the aac encoder takes frames of exactly this many samples
CRF = "23"


@dataclass(frozen=True)
class TranscodeBudget:
    """What one transcode may cost: 120 s at 60 fps decoded, and minutes of CPU on a small machine."""

    frames: int = 7500
    seconds: float = 300.0

    def as_budget(self):
        return Budget(frames=self.frames, packets=self.frames * 4, seconds=self.seconds)


def mp4_beside(video_path: Path) -> Path:
    """Where the MP4 copy of a stored video lives (MediaStore.mp4_path, erased with the video)."""
    return video_path.with_name(video_path.name.split(".", 1)[0] + MP4_SUFFIX)


def _even(value):
    return max(2, int(value) // 2 * 2)


def _size(width, height):
    """The output size: at most MAX_SIDE on the longer side, even (yuv420p needs it)."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return _even(width * scale), _even(height * scale)


def transcode_mp4(source: Path, target: Path, budget: TranscodeBudget = TranscodeBudget()) -> int:
    """Writes `target` as an MP4 (H.264 + AAC) of `source`'s video and first audio track; returns
    its size. NotAVideo when it cannot be read, TooCostly beyond `budget`, StorageFull on a full disk;
    a partial `target` is removed."""
    try:
        with _open(source) as container:
            video_in = container.streams.video[0]
            audio_in = next(iter(container.streams.audio), None)
            with av.open(str(target), mode="w", format="mp4", options={"movflags": "+faststart"}) as output:
                video_out, audio_out = _streams(output, video_in, audio_in)
                encoder = _Encoder(output, video_out, audio_out, video_in.time_base)
                wanted = [video_in] + ([audio_in] if audio_in is not None else [])
                limited = budget.as_budget()
                for frame in _bounded(container.decode(*wanted), limited.packets, limited.seconds):
                    if isinstance(frame, av.VideoFrame):
                        encoder.video(frame, limited.frames)
                    else:
                        encoder.audio(frame)
                encoder.flush()
    except Exception as exc:
        target.unlink(missing_ok=True)
        if isinstance(exc, NotAVideo):  # TooCostly too
            raise
        if isinstance(exc, OSError) and exc.errno in NO_ROOM:
            raise StorageFull() from None
        if isinstance(exc, av.error.FFmpegError | OSError | UnicodeDecodeError | IndexError | ValueError):
            raise NotAVideo(str(exc)) from None
        raise
    return target.stat().st_size


def _streams(output, video_in, audio_in):
    width, height = _size(video_in.codec_context.width, video_in.codec_context.height)
    video_out = output.add_stream("libx264", rate=video_in.average_rate or 30)
    video_out.width, video_out.height, video_out.pix_fmt = width, height, "yuv420p"
    video_out.codec_context.time_base = video_in.time_base or Fraction(1, 1000)
    video_out.codec_context.thread_count = 1
    video_out.options = {"preset": "veryfast", "crf": CRF, "threads": "1"}
    audio_out = None
    if audio_in is not None:
        audio_out = output.add_stream("aac", rate=AUDIO_RATE)
        audio_out.layout = "stereo"
    return video_out, audio_out


class _Encoder:
    """Frames in, packets muxed: video at the stored timestamps (a later frame never goes before an
    earlier one), audio resampled to AAC's frame size."""

    def __init__(self, output, video_out, audio_out, time_base):
        self.output, self.video_out, self.audio_out = output, video_out, audio_out
        self.time_base = time_base or Fraction(1, 1000)
        self.last_pts, self.frames = None, 0
        self.resampler = None
        if audio_out is not None:
            self.resampler = av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE, frame_size=AAC_FRAME)
        self.samples = 0

    def video(self, frame, most_frames):
        if frame.pts is None or (self.last_pts is not None and frame.pts <= self.last_pts):
            return
        self.frames += 1
        if self.frames > most_frames:
            raise TooCostly(f"more than {most_frames} frames to transcode")
        self.last_pts = frame.pts
        picture = frame.reformat(width=self.video_out.width, height=self.video_out.height, format="yuv420p")
        picture.pts, picture.time_base = frame.pts, self.time_base
        self.output.mux(self.video_out.encode(picture))

    def audio(self, frame):
        frame.pts = None  # the resampler counts samples; the stored file starts both tracks at 0
        for chunk in self.resampler.resample(frame):
            self._audio_chunk(chunk)

    def _audio_chunk(self, chunk):
        chunk.pts, chunk.time_base = self.samples, Fraction(1, AUDIO_RATE)
        self.samples += chunk.samples
        self.output.mux(self.audio_out.encode(chunk))

    def flush(self):
        if self.frames == 0:
            raise NotAVideo("no video frames")
        if self.resampler is not None:
            for chunk in self.resampler.resample(None):
                self._audio_chunk(chunk)
            self.output.mux(self.audio_out.encode(None))
        self.output.mux(self.video_out.encode(None))


def keep_mp4(media, eid, rid, extension, budget: TranscodeBudget = TranscodeBudget()) -> int | None:
    """Makes the MP4 copy of a stored video in `media` (a MediaStore) and moves it into place: its
    size, or None when the event's folder is gone (erased meanwhile). Written under a temp name
    first, after checking the disk reserve has room for about twice the source."""
    source = media.video_path(eid, rid, extension)
    media.ensure_room(2 * source.stat().st_size)
    temp = media.incoming / f"{rid}{MP4_SUFFIX}.part"
    try:
        size = transcode_mp4(source, temp, budget)
        if not media.event_dir(eid).is_dir():
            return None
        os.replace(temp, media.mp4_path(eid, rid))
        return size
    finally:
        temp.unlink(missing_ok=True)
