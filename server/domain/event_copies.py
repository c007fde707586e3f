"""Events as templates: a copy of an event, or an event made from another's JSON export.

Either way the new event is a draft with the same polls and settings and no responses. Option images
come along: copied from the event, or carried inside the export (base64) and checked like an upload.
"""

import base64
import binascii

from . import Invalid, poll_types
from .events import event_settings

COPY_SUFFIX = " (copy)"


class EventCopies:
    def __init__(self, events, polls, images):
        self.events = events
        self.polls = polls
        self.images = images  # clean(data) -> (webp, w, h), keep(eid, webp) -> id (media/images.py)

    def duplicate(self, owner, event):
        title = (event["title"] + COPY_SUFFIX)[:200]
        copy = self._new_event(owner, title, event_settings(event))
        for poll in self.polls.list(event["id"]):
            self.polls.duplicate(event["id"], poll["id"], into_eid=copy["id"])
        return self.events.get(copy["id"])

    def import_export(self, owner, title, polls, settings, images=None):
        """A new event from an export's title, polls, (checked) settings and images ({id: base64}).
        Every poll and image is checked before anything is written, so a malformed file creates nothing.
        Its responses stay behind: a full restore is domain/restore.py's."""
        checked, cleaned = self.check_import(polls, images)
        title = title.strip()[: 200 - len(COPY_SUFFIX)] + COPY_SUFFIX
        event, _ = self.create_import(owner, title, settings, checked, cleaned)
        return self.events.get(event["id"])

    def check_import(self, polls, images=None):
        """(checked definitions, {image id: WebP}) of an export's polls; Invalid names the poll."""
        checked = []
        for number, poll in enumerate(polls, start=1):
            try:
                checked.append(self.polls.checked_definition(poll))
            except Invalid as error:
                raise Invalid(f"Poll {number}: {error.message}", code=error.code) from None
        return checked, self._cleaned_images(checked, images or {})

    def create_import(self, owner, title, settings, checked, cleaned):
        """(the new event, its poll ids in order) from what check_import returned."""
        event = self._new_event(owner, title, settings)
        stored = {old: self.images.keep(event["id"], webp) for old, webp in cleaned.items()}
        poll_ids = []
        for kind_name, question, options, settings_of_poll in checked:
            for option in options or ():
                if "image" in option:
                    option["image"] = stored[option["image"]]
            poll_ids.append(self.polls.create(event["id"], kind_name, question, options, settings_of_poll)["id"])
        return event, poll_ids

    def _cleaned_images(self, checked, images):
        """{export's image id: WebP bytes} of every image the polls use, each decoded and re-encoded."""
        cleaned: dict[str, bytes] = {}
        for _, _, options, _ in checked:
            for image in poll_types.images_of(options):
                if image in cleaned:
                    continue
                if len(cleaned) == self.images.per_event:
                    raise Invalid(f"An event holds at most {self.images.per_event} images.", code="too_many_images")
                try:
                    data = base64.b64decode(images[image], validate=True)
                except (KeyError, TypeError, binascii.Error):
                    raise Invalid("An option's image is missing from the file.", code="unknown_image") from None
                cleaned[image] = self.images.clean(data)[0]
        return cleaned

    def _new_event(self, owner, title, settings):
        event = self.events.create(owner, title)
        self.events.update_settings(event["id"], settings)
        return event
