"""Quiz: one right answer against the clock."""

from .base import Invalid, PollType, _int_setting, bad_value, int_field, poll_type

TIME_LIMIT = int_field("time_limit", 20, 5, 300)


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
    has_points = True
    setting_fields = ({"name": "correct", "kind": "option"}, TIME_LIMIT)

    def hint(self, poll):
        return {"key": "audience.hint.quiz", "n": None}

    def settings(self, settings, options):
        correct = settings.get("correct")
        ids = [o["id"] for o in options]
        if isinstance(correct, int) and not isinstance(correct, bool) and 0 <= correct < len(ids):
            correct = ids[correct]
        if correct not in ids:
            raise Invalid("Say which option is correct: its index from 0 or its id.", code="invalid_settings")
        return {"correct": correct, "time_limit": _int_setting(settings, TIME_LIMIT)}

    def script_fields(self, poll):
        return {
            "correct": poll["settings"]["correct"],
            "time_limit_ms": poll["settings"]["time_limit"] * 1000,
            "locked_votes": "1",
        }

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
        """The right answer only once the quiz is closed: results shown while it is open reach phones."""
        return {"correct": poll["settings"]["correct"]} if poll["state"] == "closed" else {}

    def headline(self, poll, results):
        """The share who answered right."""
        total = results["total"]
        right = results["counts"].get(poll["settings"]["correct"], 0)
        return {"metric": "correct_share", "value": round(100 * right / total) if total else None}
