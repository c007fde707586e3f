"""Hostile video uploads: every bad file is refused with a 4xx error object, leaves nothing behind,
writes nothing outside MEDIA_DIR, reads no other file and opens no network connection."""

import io
import os
import socket
import struct
import time
import wave
import zipfile
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image

from tests.helpers.clips import make_clip

MP4_CONTAINER_BOXES = {b"moov", b"trak", b"mdia", b"minf", b"dinf"}


def _boxes(data):
    i = 0
    while i + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        yield kind, data[i + 8 : i + size]
        i += size


def _box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _alias(path):
    """A Mac alias record ('alis') as FFmpeg's mov demuxer reads it: a file next to the upload."""
    name = path.name.encode()
    record = bytes(10) + bytes(1) + bytes(27) + bytes(12) + bytes([len(name)]) + name.ljust(63, b"\0")
    record += bytes(16) + struct.pack(">HH", 1, 1) + bytes(16)
    raw = str(path).encode()
    record += struct.pack(">HH", 2, len(raw)) + raw.ljust(len(raw) + len(raw) % 2, b"\0") + b"\xff\xff\0\0"
    return _box(b"alis", bytes(4) + record)


def _point_drefs(data, target):
    out = b""
    for kind, payload in _boxes(data):
        if kind in MP4_CONTAINER_BOXES:
            payload = _point_drefs(payload, target)
        elif kind == b"dref":
            payload = payload[:4] + struct.pack(">I", 1) + _alias(target)
        out += _box(kind, payload)
    return out


def external_data_reference(mp4, target):
    """The MP4 with its samples blanked and its data reference naming `target`, where (were FFmpeg
    to follow drefs) it would read the real samples: the same clip."""
    out = b""
    for kind, payload in _boxes(mp4):
        if kind == b"mdat":
            payload = bytes(len(payload))
        elif kind == b"moov":
            payload = _point_drefs(payload, target)
        out += _box(kind, payload)
    return out


def audio_only(path, container):
    codec = "libopus" if container == "webm" else "aac"
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream(codec, rate=48000)
        for i in range(50):
            frame = av.AudioFrame(format="fltp" if codec == "aac" else "flt", layout="mono", samples=960)
            frame.planes[0].update(bytes(960 * 4))
            frame.sample_rate, frame.pts, frame.time_base = 48000, i * 960, Fraction(1, 48000)
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return path.read_bytes()


def other_container(path, container, codec):
    """A real video in a container that is not WebM or MP4 (AVI, MPEG-TS, ...)."""
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream(codec, rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            frame = av.VideoFrame(64, 48, "yuv420p")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return path.read_bytes()


def image(fmt):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format=fmt)
    return out.getvalue()


def wav():
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(16000))
    return out.getvalue()


def zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("index.html", "<script>alert(1)</script>")
    return out.getvalue()


def corpus(clips, baits, port):
    """(name, bytes) of every bad file; `baits` are local files the files refer to."""
    webm, mp4 = clips["webm"].read_bytes(), clips["mp4"].read_bytes()
    header = webm[: webm.find(b"\x1f\x43\xb6\x75")]  # everything before the first Cluster
    keyframe = webm.find(b"\x9d\x01\x2a")
    huge_vp8 = bytearray(webm)
    huge_vp8[keyframe + 3 : keyframe + 7] = b"\xff\x3f\xff\x3f"  # a 16383x16383 frame
    moov = mp4.find(b"moov") - 4
    http = f"http://127.0.0.1:{port}/x"
    far, near = baits["far"], baits["near"]
    hls = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n"
    return [
        ("text", b"hello, I am text\n" * 100),
        ("random", os.urandom(30000)),
        ("one byte", b"\x1a"),
        ("EBML magic then noise", b"\x1a\x45\xdf\xa3" + os.urandom(20000)),
        ("ftyp then noise", b"\x00\x00\x00\x18ftypmp42" + os.urandom(20000)),
        ("EBML with a 2^56-byte segment", header[:40] + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xfe"),
        ("GIF", image("GIF")),
        ("PNG", image("PNG")),
        ("JPEG", image("JPEG")),
        ("PDF", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("WAV", wav()),
        ("MP3 with ID3", b"ID3\x03\x00\x00\x00\x00\x00\x0a" + bytes(10) + b"\xff\xfb\x90\x00" * 500),
        ("GIF + WebM polyglot", image("GIF") + webm),
        ("WebM header + HTML", header + b"<html><script>alert(1)</script></html>"),
        ("WebM header + ZIP", header + zip_bytes()),
        ("WebM header + GIF", header + image("GIF")),
        ("audio-only WebM", audio_only(baits["dir"] / "audio.webm", "webm")),
        ("audio-only MP4", audio_only(baits["dir"] / "audio.mp4", "mp4")),
        ("AVI video", other_container(baits["dir"] / "v.avi", "avi", "mpeg4")),
        ("MPEG-TS video", other_container(baits["dir"] / "v.ts", "mpegts", "mpeg2video")),
        ("WebM truncated to its header", header),
        ("WebM truncated to 100 bytes", webm[:100]),
        ("MP4 truncated before moov", mp4[:moov]),
        ("MP4 truncated to half", mp4[: len(mp4) // 2]),
        ("MP4 moov only", mp4[:32] + mp4[moov:]),
        ("4200x16 WebM", make_clip(baits["dir"] / "wide.webm", 0.3, "webm", fps=10, size=(4200, 16)).read_bytes()),
        ("16x4200 MP4", make_clip(baits["dir"] / "tall.mp4", 0.3, "mp4", fps=10, size=(16, 4200)).read_bytes()),
        ("VP8 frame of 16383x16383", bytes(huge_vp8)),
        ("HLS over http", f"{hls}#EXTINF:10.0,\n{http}.ts\n#EXT-X-ENDLIST\n".encode()),
        ("HLS of a local file", f"{hls}#EXTINF:10.0,\n{far['ts']}\n#EXT-X-ENDLIST\n".encode()),
        ("HLS of a neighbour", f"{hls}#EXTINF:10.0,\n{near['ts'].name}\n#EXT-X-ENDLIST\n".encode()),
        ("HLS of port 1", f"{hls}#EXTINF:10.0,\nhttp://127.0.0.1:1/x.ts\n#EXT-X-ENDLIST\n".encode()),
        ("concat of files and http", f"ffconcat version 1.0\nfile {far['webm']}\nfile {http}.webm\n".encode()),
        ("concat of a neighbour", f"ffconcat version 1.0\nfile {near['webm'].name}\n".encode()),
        ("concat of subfile", f"ffconcat version 1.0\nfile 'subfile,,start,0,end,0,,:{far['webm']}'\n".encode()),
        (
            "DASH manifest",
            f'<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><BaseURL>{http}/</BaseURL></MPD>'.encode(),
        ),
        ("SDP", f"v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video {port} RTP/AVP 96\n".encode()),
        ("MP4 with an external data reference", external_data_reference(mp4, near["mp4"])),
        ("MP4 with an absolute data reference", external_data_reference(mp4, far["mp4"])),
    ]


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    return {"webm": make_clip(folder / "clip.webm", 1.0, "webm"), "mp4": make_clip(folder / "clip.mp4", 1.0, "mp4")}


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that bad files point at; it must never see a connection."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        server.setblocking(False)
        yield server


def tree(*roots):
    return sorted((str(p), p.stat().st_size if p.is_file() else -1) for root in roots for p in Path(root).rglob("*"))


def untouched(path):
    """Sets atime before mtime: on Linux (relatime or strictatime) any read then moves atime."""
    os.utime(path, (0, time.time()))
    return path


def test_bad_video_files_are_refused_and_follow_no_reference(http, organizer, config, clips, listener, tmp_path):
    event = organizer.event("Reactions")
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    http.request("POST", f"/api/v1/join/{event['code']}")
    incoming = config.MEDIA_DIR / ".incoming"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    baits = {"dir": tmp_path / "made", "far": {}, "near": {}}
    baits["dir"].mkdir()
    for where, folder in (("far", outside), ("near", incoming)):
        for kind, source in (("webm", clips["webm"]), ("mp4", clips["mp4"]), ("ts", clips["mp4"])):
            baits[where][kind] = folder / f"bait.{kind}"
            baits[where][kind].write_bytes(source.read_bytes())
    files = corpus(clips, baits, listener.getsockname()[1])
    assert len(files) >= 30
    detector = outside / "control"
    detector.write_bytes(b"x")
    untouched(detector).read_bytes()
    assert detector.stat().st_atime > 0, "this filesystem does not record reads; the atime proof would prove nothing"
    baited = [untouched(p) for where in ("far", "near") for p in baits[where].values()]
    before = tree(tmp_path)

    refused = {}
    for name, data in files:
        form = {"consent": "true", "video": (io.BytesIO(data), "clip.webm", "video/webm")}
        reply = http.request("POST", f"/api/v1/join/{event['code']}/reactions", data=form)
        refused[name] = (reply.status, (reply.body or {}).get("error", {}).get("code"))
    wrong = {name: got for name, got in refused.items() if not (400 <= got[0] < 500 and got[1])}
    assert wrong == {}, f"accepted or failed badly: {wrong}"
    assert {code for _, code in refused.values()} == {"not_a_video"}

    assert tree(tmp_path) == before, "a refused upload wrote or left a file"
    assert [p.name for p in baited if p.stat().st_atime != 0] == [], "a bad file made the server read another file"
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing ever connected
    assert organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"] == []
