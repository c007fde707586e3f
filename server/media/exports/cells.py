"""Cells attendees wrote, made safe for spreadsheets; times as ISO 8601."""

from datetime import UTC, datetime

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iso_time(ms):
    return datetime.fromtimestamp(int(ms) / 1000, tz=UTC).isoformat() if ms else ""


def safe_cell(value):
    """A CSV cell spreadsheet apps will not run as a formula: text starting like one gets a leading `'`
    (OWASP's CSV-injection advice); numbers stay numbers. Every cell of every CSV passes through here."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_row(row):
    return {field: safe_cell(value) for field, value in row.items()}


def xlsx_cells(sheet, values):
    """A row where every string is a string cell: openpyxl would store `=…` as a formula. The text
    stays exactly as written (a string cell is never evaluated)."""
    cells = [WriteOnlyCell(sheet, value=value) for value in values]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    return cells
