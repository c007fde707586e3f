"""Downloads: an event's responses by format (CSV, XLSX, JSON) and the reactions ZIP."""

from .cells import safe_cell
from .reactions import reactions_zip
from .writers import CSV_DIALECTS, FORMATS

__all__ = ["CSV_DIALECTS", "FORMATS", "reactions_zip", "safe_cell"]
