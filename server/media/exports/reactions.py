"""The reactions download: every video reaction in a ZIP with a CSV manifest, streamed."""

import csv
import io
import zipfile

from ...domain.transcripts import transcript_view
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
            name = ""
            if reaction["kind"] == "video":
                name = f"videos/reaction-{number:03d}-{reaction['id']}.{reaction['extension']}"
                with open(video_path_of(reaction), "rb") as source, archive.open(name, "w", force_zip64=True) as target:
                    while block := source.read(chunk_size):
                        target.write(block)
                        yield sink.take()
            words = transcript_view(reaction)
            writer.writerow(
                csv_row(
                    {
                        "file": name,
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
