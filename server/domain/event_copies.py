"""Events as templates: a copy of an event, or an event made from another's JSON export.

Either way the new event is a draft with the same polls and settings and no responses.
"""

from . import Invalid
from .events import event_settings

COPY_SUFFIX = " (copy)"


class EventCopies:
    def __init__(self, events, polls):
        self.events = events
        self.polls = polls

    def duplicate(self, owner, event):
        title = (event["title"] + COPY_SUFFIX)[:200]
        copy = self._new_event(owner, title, event_settings(event))
        for poll in self.polls.list(event["id"]):
            self.polls.duplicate(event["id"], poll["id"], into_eid=copy["id"])
        return self.events.get(copy["id"])

    def import_export(self, owner, title, polls, settings):
        """A new event from an export's title, polls and (checked) settings. Every poll is checked by
        its type before anything is written, so a malformed file creates nothing."""
        checked = []
        for number, poll in enumerate(polls, start=1):
            try:
                checked.append(self.polls.checked_definition(poll))
            except Invalid as error:
                raise Invalid(f"Poll {number}: {error.message}", code=error.code) from None
        event = self._new_event(owner, title.strip(), settings)
        for kind_name, question, options, settings_of_poll in checked:
            self.polls.create(event["id"], kind_name, question, options, settings_of_poll)
        return self.events.get(event["id"])

    def _new_event(self, owner, title, settings):
        event = self.events.create(owner, title)
        self.events.update_settings(event["id"], settings)
        return event
