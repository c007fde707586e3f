"""Choosing options: one, or up to max_choices; of texts, or of images."""

from .base import REGISTRY, Invalid, PollType, bad_value, poll_type


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
    setting_fields = ({"name": "max_choices", "kind": "choices"},)

    def settings(self, settings, options):
        max_choices = settings.get("max_choices", len(options))
        if not isinstance(max_choices, int) or isinstance(max_choices, bool) or not 1 <= max_choices <= len(options):
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


@poll_type
class ImageChoice(Multiple):
    """One image, or up to max_choices: each option an uploaded image with its alt text."""

    name = "image"
    option_images = True
    setting_fields = ({"name": "max_choices", "kind": "choices", "default": 1},)  # the editor starts at one

    def ui(self, poll):
        one = poll["settings"]["max_choices"] == 1
        return {**super().ui(poll), "form": "choice" if one else "choices"}

    def hint(self, poll):
        return {"key": "audience.choose_one", "n": None} if poll["settings"]["max_choices"] == 1 else super().hint(poll)

    def increments(self, poll, value):
        if poll["settings"]["max_choices"] == 1:  # the one-tap form sends the option's id alone
            return REGISTRY["single"].increments(poll, value)
        return super().increments(poll, value)
