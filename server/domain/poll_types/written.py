"""Attendees write: a word cloud of short entries, or an open answer for the wall."""

from functools import cache, lru_cache

from simplemma.strategies.clitic_decomposition import CliticDecompositionStrategy
from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY
from simplemma.strategies.dictionary_lookup import DictionaryLookupStrategy
from simplemma.strategies.rules import RulesStrategy

from .. import text
from ..text import clean_text, normalize_word
from ..themes import WORD
from .base import PollType, _int_setting, bad_value, int_field, poll_type

MAX_ENTRIES = int_field("max_entries", 3, 1, 10)

# The event languages whose word clouds count a word by its dictionary form, so that "joustavaa"
# and "joustava" are one word. Finnish inflects every noun and adjective; English words are counted
# as typed ("data" would become "datum", "media" "medium").
LEMMATIZED = frozenset({"fi"})


_loaded = set()  # the LEMMATIZED languages whose dictionary this process has loaded


@cache
def _lemma_steps():
    """simplemma's cheap steps over the dictionary the themes load too (one copy per process): the
    themes' full chain spends ~2 ms guessing at a word no dictionary knows, too much for a vote."""
    lookup = DictionaryLookupStrategy(LOW_MEMORY_DICTIONARY_FACTORY)
    return (lookup, CliticDecompositionStrategy(lookup), RulesStrategy())


def _lemma(word, language):
    for step in _lemma_steps():
        found = step.get_lemma(word, language)
        if found:
            return found.casefold()
    return word


@lru_cache(maxsize=20_000)  # ~2 MB at most; a session repeats the same few hundred words
def counted_word(word, language):
    """The key a word-cloud entry counts under: in a LEMMATIZED language each word of it in its
    dictionary form (what the cloud shows: "tekoälyä" counts and reads as "tekoäly"), else as typed.
    Measured on 2 busy cores: ~20 µs a new Finnish word, ~40 µs one no dictionary knows, ~0.1 µs one
    seen before; the first Finnish word of a process loads the dictionary (3-5 s, once)."""
    if language not in LEMMATIZED:
        return word
    return WORD.sub(lambda match: _lemma(match.group(), language), word)


@poll_type
class WordCloud(PollType):
    name = "wordcloud"
    free_fields = True
    filters_profanity = True
    MAX_WORD = 25
    form = "words"
    view = "cloud"
    total_key = "presenter.answers"
    setting_fields = (MAX_ENTRIES,)

    def ui(self, poll):
        return {**super().ui(poll), "max_entries": poll["settings"]["max_entries"], "max_length": self.MAX_WORD}

    def ready(self, poll):
        return poll.get("language") not in LEMMATIZED or poll["language"] in _loaded

    def prepare(self, poll):
        """Loads the language's dictionary (~3 s and 55 MB, once a process)."""
        counted_word("kahvia", poll["language"])
        _loaded.add(poll["language"])

    def hint(self, poll):
        return {"key": "audience.hint.wordcloud", "n": poll["settings"]["max_entries"]}

    def settings(self, settings, options):
        return {"max_entries": _int_setting(settings, MAX_ENTRIES), "show_profanity": False}

    def count_fields(self, poll):
        return []

    def increments(self, poll, value):
        limit = poll["settings"]["max_entries"]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise bad_value("Give at least one word.")
        if len(value) > limit:
            raise bad_value(f"Give at most {limit} entries.")
        words = []
        for raw in value:
            word = normalize_word(raw[:200])
            if not word or len(word) > self.MAX_WORD:
                raise bad_value(f"Each entry has 1 to {self.MAX_WORD} characters.")
            word = counted_word(word, poll.get("language"))  # the event's, added by Polls.definition
            if word not in words:
                words.append(word)
        return [(word, 1) for word in words]

    def metrics(self, poll, counts, total):
        """`words` without profanity unless the presenter chose to show it; `hidden` counts the rest."""
        shown = poll["settings"].get("show_profanity")
        words = {w: n for w, n in counts.items() if n > 0 and (shown or not text.PROFANITY.is_profane(w))}
        return {"words": words, "hidden": sum(n for w, n in counts.items() if n > 0 and w not in words)}

    def headline(self, poll, results):
        words = results["words"]
        top = max(words, key=lambda w: (words[w], w)) if words else None
        return {"metric": "top_word", "value": top, "count": words.get(top, 0)}

    def distribution(self, poll, results):
        """Words, most first."""
        return sorted(results.get("words", {}).items(), key=lambda item: (-item[1], item[0]))


@poll_type
class OpenText(PollType):
    name = "open"
    moderated_answers = True
    insights_role = "text"
    MAX_TEXT = 280
    form = "text"
    view = "wall"
    total_key = "presenter.answers"

    def ui(self, poll):
        return {**super().ui(poll), "max_length": self.MAX_TEXT}

    def headline(self, poll, results):
        return {"metric": "answers", "value": results["total"]}

    def hint(self, poll):
        return {"key": "audience.hint.open", "n": self.MAX_TEXT}

    def count_fields(self, poll):
        return []

    def script_fields(self, poll):
        """vote.lua keeps the answers in time order too, so a results message reads only the newest."""
        return {"answer_index": "1"}

    def increments(self, poll, value):
        if not isinstance(value, str):
            raise bad_value("Write your answer as text.")
        text = clean_text(value[:2000])
        if not text or len(text) > self.MAX_TEXT:
            raise bad_value(f"An answer has 1 to {self.MAX_TEXT} characters.")
        return []

    def stored_value(self, value):
        return clean_text(value)
