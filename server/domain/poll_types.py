"""The poll-type registry: each type says what a valid value is, what it counts, what it reports,
and how the pages draw it.

The vote path is the same for every type: the type turns a value into count increments,
one Lua script applies them. `ui()` describes the type to the pages (which phone form and which
presenter view draw it, its bounds and limits, the strings it uses), so no script repeats a
server constant. Adding a type: a class here, a phone form module in `audience/static/forms/`
(unless an existing one fits), a presenter view module in `presenter/static/screen/views/`
(likewise), and its strings in both translation files.
"""
from . import Invalid
from . import text
from .text import clean_text, normalize_word

REGISTRY = {}
MAX_OPTIONS = 30
MAX_OPTION_TEXT = 200


def poll_type(cls):
    REGISTRY[cls.name] = cls()
    return cls


def get(name):
    try:
        return REGISTRY[name]
    except KeyError:
        raise Invalid(f"Unknown poll type '{name}'.", code="unknown_poll_type") from None


def bad_value(message):
    return Invalid(message, code="invalid_value")


class PollType:
    name = ""
    needs_options = False
    free_fields = False  # counts hash keys are not known in advance (words)
    form = "choice"  # the phone's form module: audience/static/forms/<form>.js
    view = "bars"  # the presenter's view module: presenter/static/screen/views/<view>.js
    total_key = "presenter.votes"  # what the screen counts: votes, or answers for written ones

    def ui(self, poll):
        """What the pages need to draw a poll of this type; every string is a catalogue key."""
        return {"form": self.form, "view": self.view, "total_key": self.total_key,
                "label": f"organizer.type.{self.name}", "hint": self.hint(poll)}

    def hint(self, poll):
        """(catalogue key, number for {n}) of the phone's one-line instruction."""
        return {"key": "audience.choose_one", "n": None}

    def definition(self, options, settings):
        """Checked (options, settings) for a new poll; options get server-made ids."""
        if self.needs_options:
            options = self._options(options)
        elif options:
            raise Invalid(f"A {self.name} poll takes no options.", code="invalid_options")
        return options or [], self.settings(settings or {}, options or [])

    def settings(self, settings, options):
        return {}

    def _options(self, options):
        if not isinstance(options, list) or not 2 <= len(options) <= MAX_OPTIONS:
            raise Invalid(f"Give between 2 and {MAX_OPTIONS} options.", code="invalid_options")
        texts = [o.get("text") if isinstance(o, dict) else o for o in options]
        if not all(isinstance(t, str) and 0 < len(t.strip()) <= MAX_OPTION_TEXT for t in texts):
            raise Invalid(f"Each option needs a text of 1 to {MAX_OPTION_TEXT} characters.",
                          code="invalid_options")
        return [{"id": f"o{i + 1}", "text": t.strip()} for i, t in enumerate(texts)]

    def count_fields(self, poll):
        return [o["id"] for o in poll["options"]]

    def increments(self, poll, value):
        """[(count field, amount)] for a valid value; raises Invalid otherwise."""
        raise NotImplementedError

    def metrics(self, poll, counts, total):
        return {}

    def public_counts(self, counts):
        return counts

    def stored_value(self, value):
        """The value as kept with the vote (and shown back to the attendee)."""
        return value

    def script_fields(self, poll):
        """Poll hash fields the vote script reads besides state."""
        return {}

    def public_settings(self, poll):
        return poll["settings"]

    @staticmethod
    def _option_ids(poll):
        return {o["id"] for o in poll["options"]}


@poll_type
class Single(PollType):
    name = "single"
    needs_options = True

    def increments(self, poll, value):
        if not isinstance(value, str) or value not in self._option_ids(poll):
            raise bad_value("Choose one of the poll's options.")
        return [(value, 1)]


@poll_type
class Multiple(PollType):
    name = "multiple"
    needs_options = True

    def settings(self, settings, options):
        max_choices = settings.get("max_choices", len(options))
        if not isinstance(max_choices, int) or isinstance(max_choices, bool) \
                or not 1 <= max_choices <= len(options):
            raise Invalid(f"max_choices must be between 1 and {len(options)}.", code="invalid_settings")
        return {"max_choices": max_choices}

    form = "choices"

    def hint(self, poll):
        return {"key": "audience.choose_many", "n": poll["settings"]["max_choices"]}

    def increments(self, poll, value):
        limit = poll["settings"]["max_choices"]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise bad_value("Choose at least one option.")
        if len(set(value)) != len(value):
            raise bad_value("Choose each option at most once.")
        if len(value) > limit:
            raise bad_value(f"Choose at most {limit} options.")
        if not set(value) <= self._option_ids(poll):
            raise bad_value("Choose among the poll's options.")
        return [(v, 1) for v in value]


def _int_setting(settings, name, default, low, high):
    value = settings.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(f"{name} must be a whole number from {low} to {high}.", code="invalid_settings")
    return value


def _score(value, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise bad_value(f"Give a whole number from {low} to {high}.")
    return value


class ScaleType(PollType):
    """A score on a fixed integer scale; counts are keyed by the score."""

    low, high = 1, 5
    form = "scale"
    view = "scale"
    palette = "scale"  # how the screen colours each score: stars, satisfaction, effort, nps

    def bounds(self, poll):
        return self.low, self.high

    def ui(self, poll):
        low, high = self.bounds(poll)
        ends = [f"audience.{self.name}.low", f"audience.{self.name}.high"] if self.palette != "stars" else None
        screen_ends = [f"presenter.{self.name}.low", f"presenter.{self.name}.high"] \
            if self.palette in ("satisfaction", "effort") else None
        return {**super().ui(poll), "min": low, "max": high, "palette": self.palette,
                "ends": ends, "screen_ends": screen_ends}

    def hint(self, poll):
        return {"key": f"audience.hint.{self.name}", "n": self.bounds(poll)[1]}

    def count_fields(self, poll):
        low, high = self.bounds(poll)
        return [str(n) for n in range(low, high + 1)]

    def increments(self, poll, value):
        return [(str(_score(value, *self.bounds(poll))), 1)]

    def public_settings(self, poll):
        low, high = self.bounds(poll)
        return {**poll["settings"], "min": low, "max": high}

    @staticmethod
    def mean(counts, total):
        if not total:
            return None
        return round(sum(int(score) * n for score, n in counts.items()) / total, 2)


@poll_type
class Rating(ScaleType):
    name = "rating"
    palette = "stars"

    def settings(self, settings, options):
        return {"scale": _int_setting(settings, "scale", 5, 2, 10)}

    def bounds(self, poll):
        return 1, poll["settings"]["scale"]

    def metrics(self, poll, counts, total):
        return {"mean": self.mean(counts, total)}


@poll_type
class NPS(ScaleType):
    name = "nps"
    low, high = 0, 10
    view = "nps"
    palette = "nps"

    def ui(self, poll):
        """Adds the three groups the screen shows, with the scores each takes (as in metrics)."""
        groups = [{"key": "detractors", "min": 0, "max": 6}, {"key": "passives", "min": 7, "max": 8},
                  {"key": "promoters", "min": 9, "max": 10}]
        return {**super().ui(poll), "groups": groups}

    def metrics(self, poll, counts, total):
        promoters = counts.get("9", 0) + counts.get("10", 0)
        passives = counts.get("7", 0) + counts.get("8", 0)
        detractors = total - promoters - passives
        nps = round(100 * (promoters - detractors) / total) if total else None
        return {"nps": nps, "promoters": promoters, "passives": passives, "detractors": detractors}


@poll_type
class CSAT(ScaleType):
    name = "csat"
    low, high = 1, 5
    palette = "satisfaction"

    def metrics(self, poll, counts, total):
        satisfied = counts.get("4", 0) + counts.get("5", 0)
        return {"csat": round(100 * satisfied / total, 1) if total else None}


@poll_type
class CES(ScaleType):
    name = "ces"
    low, high = 1, 7
    palette = "effort"

    def metrics(self, poll, counts, total):
        return {"mean": self.mean(counts, total)}


@poll_type
class WordCloud(PollType):
    name = "wordcloud"
    free_fields = True
    MAX_WORD = 25
    form = "words"
    view = "cloud"
    total_key = "presenter.answers"

    def ui(self, poll):
        return {**super().ui(poll), "max_entries": poll["settings"]["max_entries"], "max_length": self.MAX_WORD}

    def hint(self, poll):
        return {"key": "audience.hint.wordcloud", "n": poll["settings"]["max_entries"]}

    def settings(self, settings, options):
        return {"max_entries": _int_setting(settings, "max_entries", 3, 1, 10),
                "show_profanity": False}

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
            if word not in words:
                words.append(word)
        return [(word, 1) for word in words]

    def metrics(self, poll, counts, total):
        """`words` without profanity unless the presenter chose to show it; `hidden` counts the rest."""
        shown = poll["settings"].get("show_profanity")
        words = {w: n for w, n in counts.items() if n > 0 and (shown or not text.PROFANITY.is_profane(w))}
        return {"words": words, "hidden": sum(n for w, n in counts.items() if n > 0 and w not in words)}


@poll_type
class OpenText(PollType):
    name = "open"
    MAX_TEXT = 280
    form = "text"
    view = "wall"
    total_key = "presenter.answers"

    def ui(self, poll):
        return {**super().ui(poll), "max_length": self.MAX_TEXT}

    def hint(self, poll):
        return {"key": "audience.hint.open", "n": self.MAX_TEXT}

    def count_fields(self, poll):
        return []

    def increments(self, poll, value):
        if not isinstance(value, str):
            raise bad_value("Write your answer as text.")
        text = clean_text(value[:2000])
        if not text or len(text) > self.MAX_TEXT:
            raise bad_value(f"An answer has 1 to {self.MAX_TEXT} characters.")
        return []

    def stored_value(self, value):
        return clean_text(value)


@poll_type
class Ranking(PollType):
    """A full order of the options; Borda points (n-1 for first … 0 for last) in `scores`."""

    name = "ranking"
    needs_options = True
    form = "ranking"
    view = "ranking"

    def hint(self, poll):
        return {"key": "audience.rank_hint", "n": None}

    def count_fields(self, poll):
        ids = [o["id"] for o in poll["options"]]
        return ids + [f"score:{i}" for i in ids]

    def increments(self, poll, value):
        ids = self._option_ids(poll)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad_value("Put the options in order.")
        if len(set(value)) != len(value):
            raise bad_value("Each option appears once in a ranking.")
        if set(value) != ids:
            raise bad_value("Rank every option of the poll.")
        last = len(value) - 1
        return [(value[0], 1)] + [(f"score:{option}", last - place) for place, option in enumerate(value)]

    def split(self, counts):
        firsts = {k: v for k, v in counts.items() if not k.startswith("score:")}
        scores = {k[6:]: v for k, v in counts.items() if k.startswith("score:")}
        return firsts, scores

    def metrics(self, poll, counts, total):
        return {"scores": self.split(counts)[1]}

    def public_counts(self, counts):
        return self.split(counts)[0]


@poll_type
class Quiz(PollType):
    """One option against the clock.

    Scoring (500-1000 for a right answer, falling with time taken; 0 for wrong) and the refusal of
    late or changed answers stay in vote.lua: only there are "is it still open", "has this
    participant answered" and "add the points" one atomic step. `script_fields` hands it the data.
    """

    name = "quiz"
    needs_options = True
    form = "quiz"
    view = "quiz"
    total_key = "presenter.answers"

    def hint(self, poll):
        return {"key": "audience.hint.quiz", "n": None}

    def settings(self, settings, options):
        correct = settings.get("correct")
        ids = [o["id"] for o in options]
        if isinstance(correct, int) and not isinstance(correct, bool) and 0 <= correct < len(ids):
            correct = ids[correct]
        if correct not in ids:
            raise Invalid("Say which option is correct: its index from 0 or its id.", code="invalid_settings")
        return {"correct": correct, "time_limit": _int_setting(settings, "time_limit", 20, 5, 300)}

    def script_fields(self, poll):
        return {"correct": poll["settings"]["correct"],
                "time_limit_ms": poll["settings"]["time_limit"] * 1000, "locked_votes": "1"}

    def public_settings(self, poll):
        settings = {"time_limit": poll["settings"]["time_limit"]}
        if poll["state"] == "closed":
            settings["correct"] = poll["settings"]["correct"]
        return settings

    def increments(self, poll, value):
        if not isinstance(value, str) or value not in self._option_ids(poll):
            raise bad_value("Choose one of the answers.")
        return [(value, 1)]

    def metrics(self, poll, counts, total):
        return {"correct": poll["settings"]["correct"]}
