"""Ranking: a full order of the options, scored by Borda points."""

from .base import PollType, bad_value, poll_type


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

    def headline(self, poll, results):
        scores = results["scores"]
        if not results["total"]:
            return {"metric": "top_ranked", "value": None}
        top = max(poll["options"], key=lambda o: scores.get(o["id"], 0))
        return {"metric": "top_ranked", "value": top["text"], "score": scores.get(top["id"], 0)}

    def public_counts(self, counts):
        return self.split(counts)[0]
