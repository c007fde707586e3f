"""Normalizing what attendees type, and the profanity filter."""

import re
import unicodedata

WHITESPACE = re.compile(r"\s+")


def strip_invisible(text, keep_newlines=False):
    """Drops control, format (bidi, zero-width) and other invisible characters."""
    kept = []
    for char in text:
        if keep_newlines and char == "\n":
            kept.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            continue
        else:
            kept.append(char)
    return "".join(kept)


def normalize_word(text):
    """A word-cloud entry as it is counted: NFKC, case-folded, invisible characters gone, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = strip_invisible(text.replace("\t", " ").replace("\n", " "))
    return WHITESPACE.sub(" ", text.casefold()).strip()


def clean_text(text):
    """Free text (answers, questions): NFKC, invisible characters gone, trimmed; newlines kept."""
    text = strip_invisible(unicodedata.normalize("NFKC", text), keep_newlines=True)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Finnish and English; "*" marks a stem that matches any ending (Finnish inflects).
DEFAULT_PROFANITY = """
fuck* motherfuck* shit* bullshit cunt* bitch* asshole* arsehole* dickhead* bastard* slut* whore*
wank* twat* prick* cock* pussy* nigger* nigga* faggot* retard*
vittu* vitun* vitu* perkele* saatana* helvet* paska* kusipää* kusip* kyrp* huora* mulkku* mulkun*
runkk* nussi* homo* neekeri* jumalauta* kikkel* pillu* perse* persreik*
"""


class ProfanityFilter:
    def __init__(self, extra_words="", enabled=True):
        self.enabled = enabled
        words = (DEFAULT_PROFANITY + " " + extra_words).split()
        self.exact = {normalize_word(w) for w in words if not w.endswith("*")}
        self.stems = tuple(normalize_word(w[:-1]) for w in words if w.endswith("*"))

    def is_profane(self, text):
        if not self.enabled:
            return False
        for token in re.findall(r"\w+", normalize_word(text)):
            if token in self.exact or token.startswith(self.stems):
                return True
        return False


PROFANITY = ProfanityFilter()


def configure_profanity(extra_words="", enabled=True):
    """Replaces the filter from config (PROFANITY_FILTER, PROFANITY_WORDS_FILE)."""
    global PROFANITY
    PROFANITY = ProfanityFilter(extra_words, enabled)
