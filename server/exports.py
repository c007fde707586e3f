"""Downloads: an event's responses (CSV, XLSX, JSON; a registry by format) and the reactions ZIP."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.cell import Cell


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


def _iso(ms):
    return datetime.fromtimestamp(int(ms) / 1000, tz=UTC).isoformat() if ms else ""


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
            writer.writerow(
                _csv_row(
                    {
                        "file": name,
                        "kind": reaction["kind"],
                        "status": reaction["status"],
                        "duration_seconds": reaction.get("duration", ""),
                        "size_bytes": reaction.get("size", ""),
                        "mime": reaction.get("mime", ""),
                        "created_at": _iso(reaction["created_at"]),
                        "consented_at": _iso(reaction.get("consented_at")),
                        "text": reaction.get("text") or "",
                    }
                )
            )
        archive.writestr("reactions.csv", manifest.getvalue().encode("utf-8-sig"))
    yield sink.take()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value):
    """A CSV cell spreadsheet apps will not run as a formula: text starting like one gets a leading `'`
    (OWASP's CSV-injection advice); numbers stay numbers. Every cell of every CSV passes through here."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _csv_row(row):
    return {field: _safe_cell(value) for field, value in row.items()}


def _xlsx_row(sheet, values):
    """Appends a row where every string is a string cell: openpyxl would store `=…` as a formula.
    The text stays exactly as written (a string cell is never evaluated)."""
    cells = [Cell(sheet, value=value) for value in values]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    sheet.append(cells)  # cells made here: reading the row back (sheet.max_row) made exports quadratic


RESPONSE_FIELDS = [
    "poll_number",
    "poll_id",
    "poll_type",
    "question",
    "participant",
    "nickname",
    "answer",
    "answer_ids",
    "points",
    "answered_at",
]


def _answer_text(poll, value):
    """A response as a person reads it: option texts instead of ids."""
    texts = {o["id"]: o["text"] for o in poll["options"]}
    if isinstance(value, list):
        return " | ".join(texts.get(v, str(v)) for v in value)
    return texts.get(value, str(value)) if isinstance(value, str) else str(value)


def response_rows(event_data):
    """One row per response: every participant's answer to every poll."""
    for number, poll in enumerate(event_data["polls"], start=1):
        for response in poll["responses"]:
            value = response["value"]
            yield {
                "poll_number": number,
                "poll_id": poll["id"],
                "poll_type": poll["type"],
                "question": poll["question"],
                "participant": response["participant"],
                "nickname": response.get("nickname") or "",
                "answer": _answer_text(poll, value),
                "answer_ids": json.dumps(value, ensure_ascii=False) if poll["options"] else "",
                "points": response.get("points", ""),
                "answered_at": _iso(response["answered_at"]),
            }


def as_csv(event_data):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RESPONSE_FIELDS)
    writer.writeheader()
    writer.writerows(_csv_row(row) for row in response_rows(event_data))
    return out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "csv"


def as_xlsx(event_data):
    book = Workbook()
    sheet = book.active
    sheet.title = "Responses"
    sheet.append(RESPONSE_FIELDS)
    for row in response_rows(event_data):
        _xlsx_row(sheet, [row[f] for f in RESPONSE_FIELDS])
    summary = book.create_sheet("Results")
    summary.append(["poll_number", "question", "type", "total", "option", "count"])
    for number, poll in enumerate(event_data["polls"], start=1):
        labels = {o["id"]: o["text"] for o in poll["options"]}
        results = poll["results"]
        counts = results.get("words") if poll["type"] == "wordcloud" else results["counts"]
        for key, count in counts.items():
            _xlsx_row(summary, [number, poll["question"], poll["type"], results["total"], labels.get(key, key), count])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"


def as_json(event_data):
    return json.dumps(event_data, ensure_ascii=False, indent=1).encode(), "application/json", "json"


FORMATS = {"csv": as_csv, "xlsx": as_xlsx, "json": as_json}
