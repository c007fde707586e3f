"""Editions of a recurring event compared, and an organizer's NPS and CSAT over time.

The figures are the summary's headlines: an event's NPS is its first NPS poll's score, CSAT the
share of 4-5 of its first CSAT poll, CES the mean of its first CES poll (a type says which figure
it gives with `edition_figure`); the response rate is the share of participants who answered at
least one poll."""

from . import poll_types

MAX_EDITIONS = 10  # an event and the nine before it
MAX_TREND = 50  # the organizer's latest events with a score, on the events list
EDITION_FIGURES = ("nps", "csat", "ces")
TREND_FIGURES = ("nps", "csat")


def figures_of(polls, headline_of):
    """{figure: value} of the first poll giving each figure; `headline_of(poll)` reads its headline."""
    figures = {}
    for poll in polls:
        figure = poll_types.get(poll["type"]).edition_figure
        if figure and figure not in figures:
            figures[figure] = headline_of(poll)["value"]
    return figures


class Comparison:
    def __init__(self, events, polls, results, summary):
        self.events = events
        self.polls = polls
        self.results = results
        self.summary = summary

    def editions(self, event):
        """The event and the editions before it (following previous_event_id), oldest first, at most
        MAX_EDITIONS; the walk stops at an erased event, at another organizer's one or at a loop."""
        chain, seen = [event], {event["id"]}
        while len(chain) < MAX_EDITIONS and chain[-1]["previous_event_id"]:
            before = self.events.find(chain[-1]["previous_event_id"])
            if not before or before["owner"] != event["owner"] or before["id"] in seen:
                break
            chain.append(before)
            seen.add(before["id"])
        return chain[::-1]

    def of_event(self, event, summary=None):
        """{events: [{id, title, created_at, participants, nps, csat, ces, response_rate}]}, oldest
        first; `summary` is the event's own when the caller has it already (the results page)."""
        rows = []
        for edition in self.editions(event):
            own = summary if summary is not None and edition["id"] == event["id"] else None
            rows.append(self.edition(edition, own or self.summary.of_event(edition)))
        return {"events": rows}

    @staticmethod
    def edition(event, summary):
        headlines = {entry["poll_id"]: entry["headline"] for entry in summary["polls"]}
        polls = [{"id": entry["poll_id"], "type": entry["type"]} for entry in summary["polls"]]
        figures = figures_of(polls, lambda poll: headlines[poll["id"]])
        participants = summary["participants"]
        rate = round(100 * summary["responded"] / participants, 1) if participants else None
        return {
            "id": event["id"],
            "title": event["title"],
            "created_at": event["created_at"],
            "participants": participants,
            **{name: figures.get(name) for name in EDITION_FIGURES},
            "response_rate": rate,
        }

    def trend(self, owner):
        """{events: [{id, title, created_at, nps, csat}]}: the owner's latest MAX_TREND events that
        have an NPS or CSAT poll, oldest first. Reads only those polls' counts."""
        rows = []
        for event in self.events.list_owned(owner):  # newest first
            polls = self.polls.list(event["id"])
            scored = [p for p in polls if poll_types.get(p["type"]).edition_figure in TREND_FIGURES]
            if not scored:
                continue
            figures = figures_of(scored, lambda poll: self.results.headline(poll, self.results.of_poll(poll)))
            row = {"id": event["id"], "title": event["title"], "created_at": event["created_at"]}
            rows.append({**row, **{name: figures.get(name) for name in TREND_FIGURES}})
            if len(rows) == MAX_TREND:
                break
        return {"events": rows[::-1]}
