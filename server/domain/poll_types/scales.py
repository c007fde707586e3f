"""A score on a fixed integer scale: star rating, NPS, CSAT, CES."""

from .base import PollType, _int_setting, _score, int_field, poll_type

SCALE = int_field("scale", 5, 2, 10)


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
        screen_ends = (
            [f"presenter.{self.name}.low", f"presenter.{self.name}.high"]
            if self.palette in ("satisfaction", "effort")
            else None
        )
        return {
            **super().ui(poll),
            "min": low,
            "max": high,
            "palette": self.palette,
            "ends": ends,
            "screen_ends": screen_ends,
        }

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

    metric = "mean"  # the headline: mean, nps or csat

    def headline(self, poll, results):
        return {"metric": self.metric, "value": results.get(self.metric)}

    @staticmethod
    def mean(counts, total):
        if not total:
            return None
        return round(sum(int(score) * n for score, n in counts.items()) / total, 2)


@poll_type
class Rating(ScaleType):
    name = "rating"
    palette = "stars"
    setting_fields = (SCALE,)

    def settings(self, settings, options):
        return {"scale": _int_setting(settings, SCALE)}

    def bounds(self, poll):
        return 1, poll["settings"]["scale"]

    def metrics(self, poll, counts, total):
        return {"mean": self.mean(counts, total)}


@poll_type
class NPS(ScaleType):
    name = "nps"
    low, high = 0, 10
    view = "nps"
    metric = "nps"
    edition_figure = "nps"  # compared across editions (domain/comparison.py)
    palette = "nps"
    # insights: the first NPS poll with answers splits authors, before any CSAT poll (registry order)
    insights_role = "score"
    score_groups = (("promoters", 9, 10), ("passives", 7, 8), ("detractors", 0, 6))

    def ui(self, poll):
        """Adds the three groups the screen shows, with the scores each takes (as in metrics)."""
        groups = [
            {"key": "detractors", "min": 0, "max": 6},
            {"key": "passives", "min": 7, "max": 8},
            {"key": "promoters", "min": 9, "max": 10},
        ]
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
    metric = "csat"
    edition_figure = "csat"
    insights_role = "score"
    score_groups = (("promoters", 4, 5), ("passives", 3, 3), ("detractors", 1, 2))

    def metrics(self, poll, counts, total):
        satisfied = counts.get("4", 0) + counts.get("5", 0)
        return {"csat": round(100 * satisfied / total, 1) if total else None}


@poll_type
class CES(ScaleType):
    name = "ces"
    low, high = 1, 7
    palette = "effort"
    edition_figure = "ces"

    def metrics(self, poll, counts, total):
        return {"mean": self.mean(counts, total)}
