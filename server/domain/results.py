"""Results of a poll, computed from its counts by its type."""
from . import poll_types


class Results:
    def __init__(self, store, polls):
        self.store = store
        self.polls = polls

    def of(self, eid, pid):
        poll = self.polls.get(eid, pid)
        return self.of_poll(poll)

    def of_poll(self, poll):
        counts, total = self.store.tally(poll["event_id"], poll["id"])
        kind = poll_types.get(poll["type"])
        results = {"poll_id": poll["id"], "type": poll["type"], "total": total, "counts": counts}
        results.update(kind.metrics(poll, counts, total))
        return results
