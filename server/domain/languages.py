"""The languages Hetki speaks, one line each: what the pages, speech and themes need of a language.

A third language is its `translations/<code>.json` (every key of en.json) plus one `Language`
line in REGISTRY. i18n, speech, themes, the event settings' schema, the pickers and the
translation test all read this table. A leaf module: it imports nothing of Hetki's.
"""

from dataclasses import dataclass
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47: <html lang>, ?lang=, an event's language setting, translations/<code>.json
    name: str  # in itself, for a picker whose page has no name of its own for it: "suomi"
    switch: str  # a link to it, in itself: "Suomeksi"
    whisper: str | None = None  # faster-whisper's code; None: a clip in it is detected
    lemmas: str | None = None  # simplemma's code; None: no themes in it (texts are detected)
    stopwords: str | None = None  # YAKE's StopwordsList/stopwords_<x>.txt
    letters: str = ""  # letters that name it when no dictionary knows a text: "äö"
    folder: Path = TRANSLATIONS

    @property
    def translations(self) -> Path:
        return self.folder / f"{self.code}.json"


class Registry:
    """Languages by code, in pickers' order, and the default: the fallback for a missing string,
    and the choice when a browser likes several equally or none."""

    def __init__(self, languages, default: str):
        self._by_code = {language.code: language for language in languages}
        self.default = self._by_code[default]

    def __iter__(self):
        return iter(self._by_code.values())

    def __len__(self):
        return len(self._by_code)

    def __contains__(self, code):
        return code in self._by_code

    def __getitem__(self, code) -> Language:
        return self._by_code[code]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def others(self, code) -> list[Language]:
        """Every language but `code`, for a switcher."""
        return [language for language in self if language.code != code]

    def with_language(self, language: Language) -> "Registry":
        """This registry and one more language (or a replaced one), e.g. from another folder."""
        return Registry([*(lang for lang in self if lang.code != language.code), language], self.default.code)


REGISTRY = Registry(
    [
        Language("fi", "suomi", "Suomeksi", whisper="fi", lemmas="fi", stopwords="fi", letters="äöÄÖ"),
        Language("en", "English", "In English", whisper="en", lemmas="en", stopwords="en"),
        Language("sv", "svenska", "På svenska", whisper="sv", lemmas="sv", stopwords="sv", letters="åÅ"),
    ],
    default="en",
)
