"""The poll-type registry: each type says what a valid value is, what it counts, what it reports,
and how the pages draw it.

The vote path is the same for every type: the type turns a value into count increments,
one Lua script applies them. `ui()` describes the type to the pages (which phone form and which
presenter view draw it, its bounds and limits, the strings it uses), so no script repeats a
server constant. Adding a type: a class in a module of this package, a phone form module in `audience/static/forms/`
(unless an existing one fits), a presenter view module in `presenter/static/screen/views/`
(likewise), and its strings in both translation files.
"""

from . import choice, quiz, ranking, scales, written
from .base import (
    IMAGE_PATH,
    MAX_OPTION_TEXT,
    MAX_OPTIONS,
    REGISTRY,
    PollType,
    bad_value,
    editor_types,
    get,
    images_of,
    option_definitions,
    poll_type,
    with_image_sources,
)

__all__ = [
    "IMAGE_PATH",
    "MAX_OPTIONS",
    "MAX_OPTION_TEXT",
    "REGISTRY",
    "PollType",
    "bad_value",
    "choice",
    "editor_types",
    "get",
    "images_of",
    "option_definitions",
    "poll_type",
    "quiz",
    "ranking",
    "scales",
    "with_image_sources",
    "written",
]
