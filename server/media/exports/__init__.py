"""Downloads: an event's responses by format (CSV, XLSX, JSON) and the reactions ZIP."""

from .cells import safe_cell
from .reactions import reactions_zip
from .writers import FORMATS

__all__ = ["FORMATS", "reactions_zip", "safe_cell"]
