"""Recurring themes in short texts, Finnish and English: lemmatized key phrases counted by how many
texts say them.

Attendees write two to ten words, too few for a keyword extractor alone: a plain phrase that turns
up once in each of five answers is the theme. So a phrase weighs the number of distinct texts that
contain it, after lemmatizing (simplemma), so that "kahvia" and "kahvin" both count as "kahvi";
YAKE's score over the same lemmatized texts only orders phrases of equal count. A phrase absorbs
its parts when they occur in exactly the same texts ("coffee break" in three texts hides "coffee"
and "break" in the same three). Candidates are runs of one to three content words within a clause:
no stopword (YAKE's lists), digit, one-letter or profane word starts, ends or sits inside one.

Pure CPU work without I/O, run by a job worker (jobs/worker.py), never on the event loop.
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import simplemma
from simplemma.strategies import DefaultStrategy

from . import text as wording
from .languages import REGISTRY

# The languages with a lemmatizer and stopwords: a theme's language is one of these codes.
THEMED = {language.code: language for language in REGISTRY if language.lemmas and language.stopwords}
LANGUAGES = tuple(THEMED)
MAX_WORDS = 3  # longest phrase
QUOTES = 3  # example quotes per theme
QUOTE_CHARS = 160  # a longer text (a transcript) is quoted around the phrase
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/|+=*&\n–—]+|\s-\s")


@dataclass(frozen=True)
class Text:
    """One thing somebody wrote or said, with where it was said (`source`: kind and ids)."""

    text: str
    language: str  # one of LANGUAGES
    source: dict = field(hash=False, compare=False)
    participant: str | None = None


@cache
def _lemmatizer():
    # low_memory: Finnish's dictionary as a front-coded stream (~45 MB) instead of a dict (~350 MB)
    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False, low_memory=True))


@cache
def stopwords(lang):
    """YAKE's stopword list of a language, case-folded."""
    path = resources.files("yake") / "core" / "StopwordsList" / f"stopwords_{THEMED[lang].stopwords}.txt"
    return frozenset(word.strip().casefold() for word in path.read_text("utf-8").splitlines() if word.strip())


def lemma(word, lang):
    return _lemmatizer().lemmatize(word, THEMED[lang].lemmas).casefold()


def detect_language(text, fallback="en"):
    """One of LANGUAGES for a text whose author's language is unknown: simplemma's dictionary vote
    (a clear winner only), and for a text no dictionary knows, the first whose letters it has
    (Finnish for ä or ö), else `fallback`."""
    codes = {language.lemmas: code for code, language in THEMED.items()}
    found = simplemma.langdetect(text, lang=tuple(codes), low_memory=True)
    votes = {codes[lemmas]: score for lemmas, score in found if lemmas in codes}  # not "unk"
    ranked = sorted(votes.values(), reverse=True)
    if ranked and ranked[0] > 0 and (len(ranked) == 1 or ranked[0] != ranked[1]):
        return max(votes, key=votes.__getitem__)
    for code, language in THEMED.items():
        if language.letters and re.search(f"[{re.escape(language.letters)}]", text):
            return code
    return fallback


def _content(surface, lem, lang):
    """A word that can be part of a theme: not a stopword, a single letter, or profanity (which the
    word cloud hides too)."""
    stop = stopwords(lang)
    return len(surface) > 1 and surface not in stop and lem not in stop and not wording.PROFANITY.is_profane(surface)


# A job worker makes an event's insights again as people write: each text is read once, not once
# per remake (and once more per score group). Callers only read what is returned.
@lru_cache(maxsize=20_000)
def phrases(text, lang):
    """{lemma phrase: surface phrase} of every run of 1..MAX_WORDS content words in a text, and the
    text's clauses as lemmas (for YAKE)."""
    found: dict[str, str] = {}
    lemmatized: list[str] = []
    for clause in CLAUSE_BREAK.split(text.casefold()):
        words = [(word, lemma(word, lang)) for word in WORD.findall(clause)]
        if not words:
            continue
        lemmatized.append(" ".join(lem for _, lem in words))
        run = []
        for surface, lem in [*words, (None, None)]:
            if surface is not None and _content(surface, lem, lang):
                run.append((surface, lem))
                continue
            for start in range(len(run)):
                for end in range(start + 1, min(start + MAX_WORDS, len(run)) + 1):
                    part = run[start:end]
                    found.setdefault(" ".join(lem for _, lem in part), " ".join(s for s, _ in part))
            run = []
    return found, lemmatized


def yake_scores(lemmatized_texts, lang):
    """YAKE's score (lower is more key) of each lemma phrase in a language's texts."""
    import yake  # only here: it brings numpy and networkx (~0.25 s, ~40 MB), which most processes never need

    document = ".\n".join(". ".join(clauses) for clauses in lemmatized_texts if clauses)
    if not document:
        return {}
    extractor = yake.KeywordExtractor(
        lan=THEMED[lang].stopwords, n=MAX_WORDS, dedup_lim=1.0, top=100_000, stopwords=set(stopwords(lang))
    )
    return {phrase.casefold(): float(score) for phrase, score in extractor.extract_keywords(document)}


def _parts(key):
    """The shorter contiguous word runs inside a phrase."""
    words = key.split(" ")
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {key}


def _label(surfaces, key):
    """The phrase as people wrote it most often; a tie goes to the dictionary form, then the shorter."""
    return min(surfaces, key=lambda s: (-surfaces[s], s != key, len(s), s))


def quote(text, surface):
    """The text, or for a long one the part around the phrase's first word, with ellipses."""
    if len(text) <= QUOTE_CHARS:
        return text
    at = max(0, text.lower().find(surface.split(" ")[0]))
    start = max(0, min(at - QUOTE_CHARS // 3, len(text) - QUOTE_CHARS))
    piece = text[start : start + QUOTE_CHARS].strip()
    return ("…" if start else "") + piece + ("…" if start + QUOTE_CHARS < len(text) else "")


def themes(texts, limit):
    """The `limit` most recurring themes of `texts` (a list of Text), most said first:
    [{phrase, lemma, language, count, people, sources, quotes}]."""
    where = defaultdict(list)  # (lang, lemma phrase) -> indexes of the texts that say it
    surfaces: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    lemmatized = defaultdict(list)
    for index, item in enumerate(texts):
        found, clauses = phrases(item.text, item.language)
        lemmatized[item.language].append(clauses)
        for key, surface in found.items():
            where[item.language, key].append(index)
            surfaces[item.language, key][surface] += 1
    # a theme recurs: said in two texts or more; only where nothing recurs (a group of a few
    # people) do the phrases said once stand in, best YAKE score first
    least = 2 if any(len(found) > 1 for found in where.values()) else 1
    candidates = {key: frozenset(found) for key, found in where.items() if len(found) >= least}
    absorbed = {
        (lang, part)
        for (lang, key), found in candidates.items()
        for part in _parts(key)
        if candidates.get((lang, part)) == found
    }
    kept = [key for key in candidates if key not in absorbed]
    scores = {}
    for lang in {lang for lang, _ in kept}:
        scores.update({(lang, k): s for k, s in yake_scores(lemmatized[lang], lang).items()})
    kept.sort(key=lambda k: (-len(candidates[k]), scores.get(k, math.inf), -k[1].count(" "), k[1]))
    return [_theme(k, sorted(candidates[k]), texts, surfaces[k]) for k in kept[:limit]]


def _examples(said):
    """Up to QUOTES texts, the shortest of each kind of source first (an answer, a question, a
    transcript...), then the shortest of the rest."""
    by_length = sorted(range(len(said)), key=lambda i: len(said[i].text))
    kinds, first = set(), []
    for i in by_length:
        if said[i].source["kind"] not in kinds:
            kinds.add(said[i].source["kind"])
            first.append(i)
    chosen = [*first, *(i for i in by_length if i not in first)][:QUOTES]
    return [said[i] for i in chosen]


def _theme(key, indexes, texts, surfaces):
    lang, lemma_phrase = key
    said = [texts[i] for i in indexes]
    phrase = _label(surfaces, lemma_phrase)
    people = {item.participant or f"#{i}" for i, item in zip(indexes, said, strict=True)}
    examples = _examples(said)
    return {
        "phrase": phrase,
        "lemma": lemma_phrase,
        "language": lang,
        "count": len(said),
        "people": len(people),
        "sources": [item.source for item in said],
        "quotes": [{**item.source, "text": quote(item.text, phrase)} for item in examples],
    }
