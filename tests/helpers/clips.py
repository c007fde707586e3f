"""Real video clips made with PyAV for the tests: WebM (VP8 + Opus) and MP4 (H.264 + AAC)."""

import math
import struct
from fractions import Fraction

import av

SAMPLE_RATE = 48000
SAMPLES_PER_FRAME = 960


def _video_frame(width, height, index):
    frame = av.VideoFrame(width, height, "rgb24")
    plane = frame.planes[0]
    stripe = (index * 5) % width
    row = bytearray()
    for x in range(width):
        row += bytes(((index * 8) % 256, 200 if x < stripe else 30, 90))
    row += bytes(plane.line_size - len(row))
    plane.update(bytes(row) * height)
    return frame


def _audio_frame(index):
    tone = [0.2 * math.sin((index * SAMPLES_PER_FRAME + n) / 10) for n in range(SAMPLES_PER_FRAME)]
    frame = av.AudioFrame(format="flt", layout="mono", samples=SAMPLES_PER_FRAME)
    frame.planes[0].update(struct.pack(f"{SAMPLES_PER_FRAME}f", *tone))
    frame.sample_rate = SAMPLE_RATE
    frame.pts = index * SAMPLES_PER_FRAME
    return frame


def make_clip(path, seconds=3.0, container="webm", fps=15, size=(160, 120)):
    video_codec, audio_codec = ("libvpx", "libopus") if container == "webm" else ("libx264", "aac")
    with av.open(str(path), mode="w", format=container) as output:
        video = output.add_stream(video_codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        audio = output.add_stream(audio_codec, rate=SAMPLE_RATE)
        for i in range(int(seconds * fps)):
            frame = _video_frame(*size, i)
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame.reformat(format="yuv420p")):
                output.mux(packet)
        for i in range(int(seconds * SAMPLE_RATE / SAMPLES_PER_FRAME)):
            for packet in audio.encode(_audio_frame(i)):
                output.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode(None):
                output.mux(packet)
    return path


def speak(text, wav_path, voice="en", words_per_minute=150):
    """`text` spoken by Debian's espeak-ng into a WAV file."""
    import subprocess

    subprocess.run(["espeak-ng", "-v", voice, "-s", str(words_per_minute), "-w", str(wav_path), text], check=True)
    return wav_path


def make_speech_clip(path, wav_path, fps=15, size=(160, 120), tail_seconds=0.5):
    """A WebM (VP8 + Opus) whose sound is the WAV file's, with a moving picture as long as it."""
    with av.open(str(wav_path)) as source:
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=SAMPLE_RATE)
        samples = [out for frame in source.decode(audio=0) for out in resampler.resample(frame)]
        samples += resampler.resample(None)
    seconds = sum(f.samples for f in samples) / SAMPLE_RATE + tail_seconds
    with av.open(str(path), mode="w", format="webm") as output:
        video = output.add_stream("libvpx", rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        audio = output.add_stream("libopus", rate=SAMPLE_RATE, layout="mono")
        for i in range(int(seconds * fps)):
            frame = _video_frame(*size, i)
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame.reformat(format="yuv420p")):
                output.mux(packet)
        pts = 0
        for frame in samples:
            frame.pts = pts
            pts += frame.samples
            for packet in audio.encode(frame):
                output.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode(None):
                output.mux(packet)
    return path


def make_frame_bomb(path, side=4096, frames=1000):
    """A small WebM that is costly to decode: one black side×side VP8 keyframe, then `frames` copies
    of a tiny "nothing changed" inter-frame, a millisecond apart, all before the poster's second."""
    with av.open(str(path), mode="w", format="webm") as output:
        video = output.add_stream("libvpx", rate=25)
        video.width = video.height = side
        video.pix_fmt = "yuv420p"
        black = av.VideoFrame(side, side, "yuv420p")
        for plane in black.planes:
            plane.update(bytes(plane.buffer_size))
        encoded = []
        for i in range(2):
            black.pts, black.time_base = i, Fraction(1, 25)
            encoded += video.encode(black)
        encoded += video.encode(None)
        keyframe, unchanged = bytes(encoded[0]), bytes(encoded[1])
        for n in range(frames):
            packet = av.Packet(keyframe if n == 0 else unchanged)
            packet.stream, packet.time_base = video, Fraction(1, 1000)
            packet.pts = packet.dts = n
            packet.duration = 1
            packet.is_keyframe = n == 0
            output.mux(packet)
    return path
