"""The registry and what every poll type shares."""

import re

from .. import Invalid

REGISTRY = {}
MAX_OPTIONS = 30
MAX_OPTION_TEXT = 200
IMAGE_ID = re.compile(r"^[0-9a-f]{32}$")  # an uploaded image in the poll's event (media/images.py)
IMAGE_PATH = "/images/{eid}/{image}.webp"  # where the pages fetch it


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


def int_field(name, default, low, high):
    """A whole-number setting: settings() checks it with these bounds, the poll editor draws them."""
    return {"name": name, "kind": "number", "default": default, "min": low, "max": high}


# Any poll may close itself: seconds from opening, 0 for none (the quiz has its own, required one).
# Polls.open turns it into closes_at; vote.lua refuses late votes; the broadcaster closes the poll.
TIME_LIMIT = int_field("time_limit", 0, 0, 3600)


def editor_types():
    """Every poll type as the organizer's poll editor offers it."""
    return [kind.editor() for kind in REGISTRY.values()]


class PollType:
    name = ""
    needs_options = False
    option_images = False  # every option is an uploaded image with alt text (any option may have one)
    free_fields = False  # counts hash keys are not known in advance (words)
    form = "choice"  # the phone's form module: audience/static/forms/<form>.js
    view = "bars"  # the presenter's view module: presenter/static/screen/views/<view>.js
    total_key = "presenter.votes"  # what the screen counts: votes, or answers for written ones
    # What the poll editor asks for besides the question: int_field()s, or {"name", "kind": "choices"}
    # (a count up to the number of options) and {"name", "kind": "option"} (one of the options).
    setting_fields: tuple[dict, ...] = ()
    # What the rest of the server asks of a type instead of branching on its name:
    moderated_answers = False  # answers are texts a presenter approves or hides (the wall)
    has_points = False  # answers earn points: a leaderboard, each phone's standing, points in exports
    filters_profanity = False  # the presenter can show or hide profane entries
    insights_role: str | None = None  # "text": its answers are said; "score": it splits authors into groups
    score_groups: tuple[tuple[str, int, int], ...] = ()  # for "score": (group, lowest, highest score)
    edition_figure: str | None = None  # "nps", "csat" or "ces": an event's first such poll's headline

    def ui(self, poll):
        """What the pages need to draw a poll of this type; every string is a catalogue key.
        `locked` and `scored` follow what vote.lua does with script_fields(): the first answer stays,
        and it earns points (so the phone asks for a nickname first). `card`: the settings the
        organizer's poll card notes, a choice limit only when it limits."""
        script, settings = self.script_fields(poll), poll["settings"]
        card = [
            {"setting": f["name"], "n": settings[f["name"]]}
            for f in self.fields()
            if settings.get(f["name"])
            and (f["kind"] == "number" or (f["kind"] == "choices" and settings[f["name"]] < len(poll["options"])))
        ]
        return {
            "form": self.form,
            "view": self.view,
            "total_key": self.total_key,
            "count_key": self.total_key.replace(
                "presenter.", "audience.", 1
            ),  # the phone's "{n} votes" or "{n} answers"
            "label": f"organizer.type.{self.name}",
            "hint": self.hint(poll),
            "locked": script.get("locked_votes") == "1",
            "scored": "correct" in script,
            "moderated_answers": self.moderated_answers,  # the phone tells an author their answer waits
            "card": card,
        }

    def editor(self):
        """The type for the organizer's poll editor: its label, whether it takes options, its settings."""
        return {
            "type": self.name,
            "ui": {"label": f"organizer.type.{self.name}"},
            "options": self.needs_options,
            "option_images": self.option_images,
            "fields": list(self.fields()),
        }

    def fields(self):
        """The type's own settings, then the time limit every poll may have (unless it has its own)."""
        own = self.setting_fields
        return own if any(f["name"] == TIME_LIMIT["name"] for f in own) else (*own, TIME_LIMIT)

    def hint(self, poll):
        """(catalogue key, number for {n}) of the phone's one-line instruction."""
        return {"key": "audience.choose_one", "n": None}

    def definition(self, options, settings):
        """Checked (options, settings) for a new poll; options get server-made ids."""
        if self.needs_options:
            options = self._options(options)
        elif options:
            raise Invalid(f"A {self.name} poll takes no options.", code="invalid_options")
        settings = settings or {}
        checked = self.settings(settings, options or [])
        if TIME_LIMIT in self.fields() and _int_setting(settings, TIME_LIMIT):
            checked["time_limit"] = _int_setting(settings, TIME_LIMIT)
        return options or [], checked

    def settings(self, settings, options):
        return {}

    def _options(self, options):
        """[{id, text, image?, alt?}]: given as texts or {text, image?, alt?}. An option with an image
        needs its alt text, and its text (a caption) defaults to it."""
        if not isinstance(options, list) or not 2 <= len(options) <= MAX_OPTIONS:
            raise Invalid(f"Give between 2 and {MAX_OPTIONS} options.", code="invalid_options")
        return [self._option(i, o if isinstance(o, dict) else {"text": o}) for i, o in enumerate(options)]

    def _option(self, index, given):
        image, alt, text = given.get("image"), _text(given.get("alt")), _text(given.get("text"))
        if image is None and self.option_images:
            raise Invalid("Each option needs an image.", code="invalid_options")
        option = {"id": f"o{index + 1}", "text": text}
        if image is not None:
            if not isinstance(image, str) or not IMAGE_ID.match(image):
                raise Invalid("An option's image is not an uploaded image.", code="invalid_options")
            if not alt:
                raise Invalid(f"Describe each image in 1 to {MAX_OPTION_TEXT} characters.", code="invalid_options")
            option.update(text=text or alt, image=image, alt=alt)
        if not option["text"]:
            raise Invalid(f"Each option needs a text of 1 to {MAX_OPTION_TEXT} characters.", code="invalid_options")
        return option

    def count_fields(self, poll):
        return [o["id"] for o in poll["options"]]

    def increments(self, poll, value):
        """[(count field, amount)] for a valid value; raises Invalid otherwise."""
        raise NotImplementedError

    def headline(self, poll, results):
        """The one figure a report leads with: {metric, value}; value None while nobody answered.
        Option types: the most chosen option and its share of those who answered."""
        counts, total = results["counts"], results["total"]
        if not total or not poll["options"]:
            return {"metric": "top_option", "value": None}
        top = max(poll["options"], key=lambda o: counts.get(o["id"], 0))
        share = round(100 * counts.get(top["id"], 0) / total)
        return {"metric": "top_option", "value": top["text"], "share": share}

    def metrics(self, poll, counts, total):
        return {}

    def distribution(self, poll, results):
        """[(label, count)] of a poll's results as exports list them: option texts, or scores."""
        labels = {o["id"]: o["text"] for o in poll["options"]}
        return [(labels.get(key, key), count) for key, count in results["counts"].items()]

    def ready(self, poll):
        """False while counting this poll's values would first load something slow (see prepare)."""
        return True

    def prepare(self, poll):
        """Loads what ready() waits for; CPU-heavy, so the vote path runs it off the event loop."""

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


def option_definitions(poll):
    """The options as a definition gives them: what duplicate, edit and import pass on."""
    return [{k: o[k] for k in ("text", "image", "alt") if k in o} for o in poll["options"]] or None


def images_of(options):
    """The image ids a poll's options use."""
    return [o["image"] for o in options or () if isinstance(o, dict) and isinstance(o.get("image"), str)]


def with_image_sources(eid, options):
    """Options as the pages get them: each image with the address it is served from."""
    return [{**o, "src": IMAGE_PATH.format(eid=eid, image=o["image"])} if "image" in o else o for o in options]


def _text(value):
    """A stripped text within MAX_OPTION_TEXT, or "" (an absent one); Invalid when too long or not text."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value.strip()) > MAX_OPTION_TEXT:
        raise Invalid(f"Each option needs a text of 1 to {MAX_OPTION_TEXT} characters.", code="invalid_options")
    return value.strip()


def _int_setting(settings, field):
    name, low, high = field["name"], field["min"], field["max"]
    value = settings.get(name, field["default"])
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(f"{name} must be a whole number from {low} to {high}.", code="invalid_settings")
    return value


def _score(value, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise bad_value(f"Give a whole number from {low} to {high}.")
    return value
