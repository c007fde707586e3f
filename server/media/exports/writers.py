"""The event download by format: CSV, XLSX and JSON writers that take responses in batches.

A writer is fed in steps (start, then per poll: poll, rows… per batch, poll_end; then end), each
returning bytes, so an export of any size streams with flat memory; the caller reads Redis
between steps on the event loop and runs each step off it.
"""

import base64
import csv
import io
import json
import tempfile

from openpyxl import Workbook

from .cells import csv_row, iso_time, xlsx_cells
from .rows import RESPONSE_FIELDS, distribution, response_rows

READ_CHUNK = 256 * 1024
REACTION_FIELDS = ["id", "kind", "status", "created_at", "participant", "text", "transcript", "transcript_language"]


class CsvWriter:
    mimetype, extension = "text/csv; charset=utf-8", "csv"

    def _csv(self, rows, header=False):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=RESPONSE_FIELDS)
        if header:
            writer.writeheader()
        writer.writerows(csv_row(row) for row in rows)
        return out.getvalue().encode("utf-8")

    def start(self, head):
        return "\ufeff".encode() + self._csv([], header=True)  # the BOM tells Excel it is UTF-8

    def poll(self, poll):
        return b""

    def rows(self, poll, responses):
        return self._csv(response_rows(poll, responses))

    def poll_end(self, poll):
        return b""

    def image(self, image, data):
        return b""

    def end(self):
        return [b""]


class JsonWriter:
    """The same document as before streaming: {event, polls: [{…poll, results, responses}], questions,
    reactions (with their transcripts)}."""

    mimetype, extension = "application/json", "json"

    def __init__(self):
        self.first_poll = True
        self.first_response = True
        self.first_image = True

    def start(self, head):
        event = json.dumps(head["event"], ensure_ascii=False)
        questions = json.dumps(head["questions"], ensure_ascii=False)
        reactions = json.dumps(head["reactions"], ensure_ascii=False)
        return f'{{"event": {event}, "questions": {questions}, "reactions": {reactions}, "polls": ['.encode()

    def poll(self, poll):
        fields = {k: v for k, v in poll.items() if k != "number"}
        text = json.dumps(fields, ensure_ascii=False)[:-1]  # the poll object, left open for its responses
        separator = "" if self.first_poll else ", "
        self.first_poll, self.first_response = False, True
        return f'{separator}{text}, "responses": ['.encode()

    def rows(self, poll, responses):
        parts = [json.dumps(r, ensure_ascii=False) for r in responses]
        if not parts:
            return b""
        separator = "" if self.first_response else ", "
        self.first_response = False
        return (separator + ", ".join(parts)).encode()

    def poll_end(self, poll):
        return b"]}"

    def image(self, image, data):
        """One of the options' images, after the polls: "images": {id: base64 WebP}, which an import
        brings back."""
        opening = '], "images": {' if self.first_image else ", "
        self.first_image = False
        return f'{opening}"{image}": "{base64.b64encode(data).decode()}"'.encode()

    def end(self):
        return [b'], "images": {}}' if self.first_image else b"}}"]


class XlsxWriter:
    """A summary sheet (a row per poll with its headline), a sheet per poll with its distribution,
    and the responses, in openpyxl's write-only mode: rows go to temporary files, not memory."""

    mimetype, extension = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"

    def __init__(self):
        self.book = Workbook(write_only=True)
        self.responses = None

    def start(self, head):
        summary = self.book.create_sheet("Summary")
        summary.append(xlsx_cells(summary, [head["event"]["title"]]))
        summary.append(["poll", "question", "type", "answered", "headline", "value"])
        for poll in head["polls"]:
            headline = poll["headline"]
            value = headline.get("value")
            summary.append(
                xlsx_cells(
                    summary,
                    [
                        poll["number"],
                        poll["question"],
                        poll["type"],
                        poll["results"]["total"],
                        headline["metric"],
                        "" if value is None else value,
                    ],
                )
            )
        for poll in head["polls"]:
            sheet = self.book.create_sheet(f"Poll {poll['number']}")
            sheet.append(xlsx_cells(sheet, [poll["question"]]))
            sheet.append(["answer", "count", "share_%"])
            total = poll["results"]["total"]
            for label, count in distribution(poll):
                share = round(100 * count / total, 1) if total else 0
                sheet.append(xlsx_cells(sheet, [label, count, share]))
        if head["reactions"]:
            self._reactions(head["reactions"])
        self.responses = self.book.create_sheet("Responses")
        self.responses.append(RESPONSE_FIELDS)
        return b""

    def _reactions(self, reactions):
        sheet = self.book.create_sheet("Reactions")
        sheet.append(REACTION_FIELDS)
        for reaction in reactions:
            row = {**reaction, "created_at": iso_time(reaction["created_at"])}
            sheet.append(xlsx_cells(sheet, [row.get(f) or "" for f in REACTION_FIELDS]))

    def poll(self, poll):
        return b""

    def rows(self, poll, responses):
        for row in response_rows(poll, responses):
            self.responses.append(xlsx_cells(self.responses, [row[f] for f in RESPONSE_FIELDS]))
        return b""

    def poll_end(self, poll):
        return b""

    def image(self, image, data):
        return b""

    def end(self):
        with tempfile.TemporaryFile() as file:
            self.book.save(file)
            file.seek(0)
            chunks = []  # read here, in the worker thread; a few MB even for 100,000 responses
            while chunk := file.read(READ_CHUNK):
                chunks.append(chunk)
        return chunks


FORMATS = {"csv": CsvWriter, "xlsx": XlsxWriter, "json": JsonWriter}
