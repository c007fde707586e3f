"""The reactions download: every video reaction in a ZIP with a CSV manifest, streamed. Beside each
stored video (WebM as browsers record it): its MP4 copy (H.264 + AAC, which PowerPoint and Keynote
on a Mac play; made by a job worker, media/transcode.py) once made, and its WebVTT captions once
transcribed."""

import csv
import io
import zipfile

from ...domain.transcripts import segments_of, transcript_view, webvtt
from ..transcode import mp4_beside
from .cells import csv_row, iso_time


class _Chunks(io.RawIOBase):
    """A write-only stream whose bytes are handed out as chunks: zipfile writes, the response reads."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def take(self):
        data, self.chunks = b"".join(self.chunks), []
        return data


MANIFEST_FIELDS = [
    "file",
    "mp4_file",
    "captions_file",
    "kind",
    "status",
    "duration_seconds",
    "size_bytes",
    "mime",
    "created_at",
    "consented_at",
    "text",
    "transcript",
    "transcript_language",
]


def reactions_zip(reactions, video_path_of, chunk_size=256 * 1024):
    """Yields a ZIP of every video reaction plus reactions.csv; names are made here, never sent by users."""
    sink = _Chunks()
    manifest = io.StringIO()
    writer = csv.DictWriter(manifest, fieldnames=MANIFEST_FIELDS)
    writer.writeheader()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for number, reaction in enumerate(reactions, start=1):
            name = mp4_name = captions_name = ""
            if reaction["kind"] == "video":
                stem = f"videos/reaction-{number:03d}-{reaction['id']}"
                path = video_path_of(reaction)
                if reaction.get("media") != "missing":  # a restored reaction's file stayed behind
                    name = f"{stem}.{reaction['extension']}"
                    yield from _copy(archive, sink, path, name, chunk_size)
                if reaction.get("mp4_state") == "done" and mp4_beside(path).is_file():
                    mp4_name = f"{stem}.h264.mp4"
                    yield from _copy(archive, sink, mp4_beside(path), mp4_name, chunk_size)
                if segments := segments_of(reaction):
                    captions_name = f"{stem}.vtt"
                    archive.writestr(captions_name, webvtt(segments).encode())
            words = transcript_view(reaction)
            writer.writerow(
                csv_row(
                    {
                        "file": name,
                        "mp4_file": mp4_name,
                        "captions_file": captions_name,
                        "kind": reaction["kind"],
                        "status": reaction["status"],
                        "duration_seconds": reaction.get("duration", ""),
                        "size_bytes": reaction.get("size", ""),
                        "mime": reaction.get("mime", ""),
                        "created_at": iso_time(reaction["created_at"]),
                        "consented_at": iso_time(reaction.get("consented_at")),
                        "text": reaction.get("text") or "",
                        "transcript": words["transcript"] or "",
                        "transcript_language": words["transcript_language"] or "",
                    }
                )
            )
        archive.writestr("reactions.csv", manifest.getvalue().encode("utf-8-sig"))
    yield sink.take()


def _copy(archive, sink, path, name, chunk_size):
    with open(path, "rb") as source, archive.open(name, "w", force_zip64=True) as target:
        while block := source.read(chunk_size):
            target.write(block)
            yield sink.take()
