"""The XLSX download: a Summary sheet, a sheet per poll named by its question, the Q&A, the
reactions and every response, in openpyxl's write-only mode (rows go to temporary files, not memory).

Every sheet's header row is bold and frozen and its columns sized to what they hold. A poll whose
answers are texts (an open question) lists its answers with their moderation state on its sheet, as
they stream in; a poll whose results carry Borda `scores` (a ranking) adds the points."""

import re
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Font

from ...domain import poll_types
from .cells import iso_time, xlsx_cells
from .rows import RESPONSE_FIELDS, distribution, question_rows, response_rows

READ_CHUNK = 256 * 1024
REACTION_FIELDS = ["id", "kind", "status", "created_at", "participant", "text", "transcript", "transcript_language"]
QA_FIELDS = ["question", "nickname", "upvotes", "state", "answered_at"]
SHEET_TITLE = 31  # Excel's limit
NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED_TITLES = ("summary", "q&a", "reactions", "responses", "history")  # History: Excel's own
WIDTHS = {"question": 48, "answer": 40, "text": 48, "transcript": 48, "nickname": 18, "participant": 14}
BOLD = Font(bold=True)
HIDDEN = Font(italic=True, color="808080")  # a hidden answer: greyed, besides its state


def sheet_title(text, taken, fallback):
    """A sheet name from a question: no []:*?/\\ (Excel refuses them), at most 31 characters, not
    starting or ending with an apostrophe, unique ignoring case (Excel's rule); `taken` is updated."""
    base = " ".join(NOT_IN_TITLES.sub(" ", text).split()).strip("'").strip() or fallback
    title, n = base[:SHEET_TITLE].rstrip(), 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_TITLE - len(suffix)].rstrip() + suffix
    taken.add(title.casefold())
    return title


def share(count, total):
    return round(100 * count / total, 1) if total else 0


def width(values, low=8, high=60):
    """A column's width in characters: its longest value, within bounds."""
    return max(low, min(high, max((len(str(v)) for v in values if v is not None), default=0) + 2))


class XlsxWriter:
    mimetype, extension = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"

    def __init__(self, dialect=None):
        self.book = Workbook(write_only=True)
        self.titles = set(RESERVED_TITLES)
        self.poll_sheets = {}  # poll id → its sheet, when its answers are listed as they stream in
        self.responses = None

    def _sheet(self, title, header, widths, above=()):
        """A sheet with rows `above` (a title) and a bold header row, frozen below the header; column
        widths must be set before the first row in write-only mode."""
        sheet = self.book.create_sheet(title)
        for column, size in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
            sheet.column_dimensions[column].width = size
        sheet.freeze_panes = f"A{len(above) + 2}"
        for row in above:
            sheet.append(self._bold(sheet, row))
        sheet.append(self._bold(sheet, header))
        return sheet

    @staticmethod
    def _bold(sheet, values):
        cells = xlsx_cells(sheet, values)
        for cell in cells:
            cell.font = BOLD
        return cells

    def start(self, head):
        self._summary(head)
        for poll in head["polls"]:
            self._poll(poll)
        if head["questions"]:
            self._questions(head["questions"])
        if head["reactions"]:
            self._reactions(head["reactions"])
        widths = [WIDTHS.get(field, width([field])) for field in RESPONSE_FIELDS]
        self.responses = self._sheet("Responses", RESPONSE_FIELDS, widths)
        return b""

    def _summary(self, head):
        header = ["poll", "question", "type", "answered", "headline", "value"]
        rows = []
        for poll in head["polls"]:
            value = poll["headline"].get("value")
            rows.append(
                [
                    poll["number"],
                    poll["question"],
                    poll["type"],
                    poll["results"]["total"],
                    poll["headline"]["metric"],
                    "" if value is None else value,
                ]
            )
        widths = [6, width([r[1] for r in rows], 20), 11, 10, 15, width([r[5] for r in rows], 10, 40)]
        sheet = self._sheet("Summary", header, widths, above=[[head["event"]["title"]]])
        for row in rows:
            sheet.append(xlsx_cells(sheet, row))

    def _poll(self, poll):
        """The poll's sheet: its distribution (with Borda points when it has them), or the header of
        its answers, which rows() appends."""
        title = sheet_title(poll["question"], self.titles, f"Poll {poll['number']}")
        above = [[poll["question"]]]
        if poll_types.get(poll["type"]).moderated_answers:
            self.poll_sheets[poll["id"]] = self._sheet(title, ["answer", "state", "answered_at"], [60, 11, 27], above)
            return
        results = poll["results"]
        total, scores = results["total"], results.get("scores")
        if scores is None:
            header = ["answer", "count", "share_%"]
            rows = [[label, count, share(count, total)] for label, count in distribution(poll)]
        else:  # each option's Borda points, most first, beside how often it came first
            header = ["answer", "first_place", "first_place_%", "borda_points"]
            firsts = results["counts"]
            rows = [
                [o["text"], firsts.get(o["id"], 0), share(firsts.get(o["id"], 0), total), scores.get(o["id"], 0)]
                for o in poll["options"]
            ]
            rows.sort(key=lambda row: -row[3])
        sheet = self._sheet(title, header, [width([r[0] for r in rows], 16), 12, 14, 14], above)
        for row in rows:
            sheet.append(xlsx_cells(sheet, row))

    def _questions(self, questions):
        rows = [[row[f] for f in QA_FIELDS] for row in question_rows(questions)]
        sheet = self._sheet("Q&A", QA_FIELDS, [width([r[0] for r in rows], 20), 18, 9, 10, 27])
        for row in rows:
            sheet.append(xlsx_cells(sheet, row))

    def _reactions(self, reactions):
        sheet = self._sheet("Reactions", REACTION_FIELDS, [WIDTHS.get(f, width([f], 12)) for f in REACTION_FIELDS])
        for reaction in reactions:
            row = {**reaction, "created_at": iso_time(reaction["created_at"])}
            sheet.append(xlsx_cells(sheet, [row.get(f) or "" for f in REACTION_FIELDS]))

    def poll(self, poll):
        return b""

    def rows(self, poll, responses):
        answers = self.poll_sheets.get(poll["id"])
        for row in response_rows(poll, responses):
            self.responses.append(xlsx_cells(self.responses, [row[f] for f in RESPONSE_FIELDS]))
            if answers is not None:
                cells = xlsx_cells(answers, [row["answer"], row["state"], row["answered_at"]])
                for cell in cells if row["state"] == "hidden" else ():
                    cell.font = HIDDEN
                answers.append(cells)
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
