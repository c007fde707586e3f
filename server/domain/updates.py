""" "You said, we did": the organizer's update to an event's attendees, published at the join link.

The update is organizer text (plain, paragraphs split by blank lines), the polls whose answers it
responds to, and optionally a follow-up survey. Phones get it with their own answers to those
polls, and nobody else's: `for_phone` is handed one participant's ballots only.
"""

from . import Invalid, NotFound, now_ms
from .polls import decode_poll

MAX_TEXT = 5000
MAX_REFS = 20


def organizer_view(update):
    """{text, refs, published, published_at, updated_at, follow_up_survey_id}."""
    keys = ("text", "refs", "published", "published_at", "updated_at", "follow_up_survey_id")
    return {key: update.get(key) for key in keys}


def answer_text(poll, value):
    """An answer as its author reads it: option texts instead of ids, several joined by commas."""
    texts = {o.get("id"): o.get("text") for o in poll["options"] if isinstance(o, dict)}
    values = value if isinstance(value, list) else [value]
    return ", ".join(str(texts.get(v) or v) if isinstance(v, str) else str(v) for v in values)


def for_phone(update, answered):
    """What a phone shows of a published update: None unless published. `answered` is
    [(raw poll hash or None, this participant's Ballot or None)] in the order of update["refs"]."""
    if not update or not update.get("published"):
        return None
    refs, mine = [], []
    for raw_poll, ballot in answered:
        if not raw_poll:  # deleted since
            continue
        poll = decode_poll(raw_poll)
        if poll["state"] == "lobby":
            continue  # a quiz question not yet asked: its question is not public
        refs.append({"poll_id": poll["id"], "question": poll["question"]})
        if ballot is not None:
            mine.append(
                {"poll_id": poll["id"], "question": poll["question"], "answer": answer_text(poll, ballot.value)}
            )
    return {
        "text": update["text"],
        "published_at": update["published_at"],
        "refs": refs,
        "mine": mine,
        "follow_up_survey_id": update.get("follow_up_survey_id"),
    }


class Updates:
    def __init__(self, store):
        self.store = store

    def get(self, eid):
        update = self.store.updates.get(eid)
        if update is None:
            raise NotFound("This event has no update yet.", code="update_not_found")
        return organizer_view(update)

    def find(self, eid):
        """The organizer's view, or None (the results page and the export)."""
        update = self.store.updates.get(eid)
        return organizer_view(update) if update else None

    def save(self, eid, data):
        """Writes the text, refs and follow-up survey; a published update stays published."""
        text = data["text"].strip().replace("\r\n", "\n")
        if not 0 < len(text) <= MAX_TEXT:
            raise Invalid(f"An update has 1 to {MAX_TEXT} characters.", code="invalid_update_text")
        refs = self._refs(eid, data["refs"])
        survey = data.get("follow_up_survey_id")

        def edit(update):
            update = update or {"published": False, "published_at": None}
            return {**update, "text": text, "refs": refs, "follow_up_survey_id": survey, "updated_at": now_ms()}

        return self._change(eid, edit)

    def publish(self, eid, published):
        def edit(update):
            if update is None:
                raise NotFound("Write the update first.", code="update_not_found")
            at = (update.get("published_at") or now_ms()) if published else None  # kept while it stays published
            return {**update, "published": published, "published_at": at}

        return self._change(eid, edit)

    def delete(self, eid):
        if not self.store.updates.delete(eid):
            raise NotFound("This event has no update.", code="update_not_found")

    def _change(self, eid, edit):
        update = self.store.updates.change(eid, edit)
        if update is None:
            raise NotFound("No such event.", code="event_not_found")
        return organizer_view(update)

    def _refs(self, eid, refs):
        """The given polls, each once, in the order given; each must be one of the event's."""
        ids = set(self.store.polls.ids(eid))
        chosen = list(dict.fromkeys(ref["poll_id"] for ref in refs))
        unknown = [pid for pid in chosen if pid not in ids]
        if unknown:
            raise Invalid("refs name polls that are not this event's.", code="invalid_update_ref")
        return [{"poll_id": pid} for pid in chosen]
