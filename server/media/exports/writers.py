"""The event download by format: CSV, XLSX (xlsx.py) and JSON writers that take responses in batches.

A writer is fed in steps (start, then per poll: poll, rows… per batch, poll_end; then end), each
returning bytes, so an export of any size streams with flat memory; the caller reads Redis
between steps on the event loop and runs each step off it.
"""

import base64
import csv
import io
import json

from .cells import csv_row
from .rows import RESPONSE_FIELDS, question_rows, response_rows
from .xlsx import XlsxWriter

# What a spreadsheet app set to the language expects of a CSV: Excel in Finnish (and most of
# Europe) splits on ";", as the comma is its decimal point; in English on ",".
CSV_DIALECTS = {  # what Excel set to each language expects
    "fi": {"delimiter": ";", "decimal": ","},
    "sv": {"delimiter": ";", "decimal": ","},
    "en": {"delimiter": ",", "decimal": "."},
}
DEFAULT_DIALECT = "en"


class CsvWriter:
    """A row per response, then a row per Q&A question (poll_type "qa"), in a CSV_DIALECTS dialect."""

    mimetype, extension = "text/csv; charset=utf-8", "csv"

    def __init__(self, dialect=None):
        self.dialect = CSV_DIALECTS[dialect or DEFAULT_DIALECT]
        self.questions = []

    def _csv(self, rows, header=False):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=RESPONSE_FIELDS, delimiter=self.dialect["delimiter"])
        if header:
            writer.writeheader()
        writer.writerows(self._numbers(csv_row(row)) for row in rows)
        return out.getvalue().encode("utf-8")

    def _numbers(self, row):
        """Decimals with the dialect's decimal mark (whole numbers have none)."""
        mark = self.dialect["decimal"]
        return {k: str(v).replace(".", mark) if isinstance(v, float) else v for k, v in row.items()}

    def start(self, head):
        self.questions = head["questions"]
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
        return [self._csv(question_rows(self.questions))]


class JsonWriter:
    """The same document as before streaming: {event, polls: [{…poll, results, responses}], questions,
    reactions (with their transcripts), update (the organizer's "you said, we did", or null)}."""

    mimetype, extension = "application/json", "json"

    def __init__(self, dialect=None):
        self.first_poll = True
        self.first_response = True
        self.first_image = True

    def start(self, head):
        event = json.dumps(head["event"], ensure_ascii=False)
        questions = json.dumps(head["questions"], ensure_ascii=False)
        reactions = json.dumps(head["reactions"], ensure_ascii=False)
        update = json.dumps(head.get("update"), ensure_ascii=False)  # "you said, we did", or null
        start = f'{{"event": {event}, "questions": {questions}, "reactions": {reactions}, "update": {update}'
        return f'{start}, "polls": ['.encode()

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


FORMATS = {"csv": CsvWriter, "xlsx": XlsxWriter, "json": JsonWriter}
