"""Three editions of a recurring event, linked by previous_event_id, with votes whose figures the
tests work out by hand (EXPECTED)."""

import itertools

from .clients import vote_over_http

# Per edition: participants who join, and per poll (type, question, votes in join order); a
# participant with no vote left in any poll answered nothing.
EDITIONS = {
    "Summit 2024": (
        5,
        [
            ("nps", "Recommend us?", [10, 9, 6, 3]),  # 2 promoters, 2 detractors of 4: NPS 0
            ("csat", "Satisfied?", [5, 4, 3]),  # 2 of 3 gave 4-5: 66.7 %
            ("ces", "How easy was it?", [2, 4]),  # mean 3.0
        ],
    ),  # 4 of 5 answered something: 80.0 %
    "Summit 2025": (
        6,
        [
            ("nps", "Recommend us?", [10, 10, 8, 7]),  # 2 promoters, 0 detractors of 4: NPS 50
            ("csat", "Satisfied?", [5, 5, 4, 2]),  # 3 of 4: 75.0 %
            ("ces", "How easy was it?", [1, 2, 3]),  # mean 2.0
            ("single", "Best talk?", [None, None, None, None, "o1"]),  # the fifth answered only this
        ],
    ),  # 5 of 6: 83.3 %
    "Summit 2026": (
        3,
        [
            ("nps", "Recommend us?", [9, 10]),  # NPS 100
            ("nps", "Recommend the venue?", [0, 0]),  # not the first NPS poll: not the event's NPS
        ],
    ),  # 2 of 3: 66.7 %; no CSAT or CES poll
}
EXPECTED = [  # (title, participants, nps, csat, ces, response_rate)
    ("Summit 2024", 5, 0, 66.7, 3.0, 80.0),
    ("Summit 2025", 6, 50, 75.0, 2.0, 83.3),
    ("Summit 2026", 3, 100, None, None, 66.7),
]


def make_edition(organizer, title):
    joined, polls = EDITIONS[title]
    event = organizer.event(title)
    join = f"/api/v1/join/{event['code']}"
    tokens = [organizer.http.request("POST", join).body["participant_token"] for _ in range(joined)]
    for kind, question, votes in polls:
        options = ["Keynote", "Panel"] if kind == "single" else None
        poll = organizer.poll(event["id"], type=kind, question=question, options=options)
        organizer.open(poll["id"])
        for n, (token, value) in enumerate(zip(tokens, votes, strict=False)):
            if value is not None:
                vote_over_http(organizer.http, poll["id"], token, value, f"v{poll['id']}{n}")
        organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    return event


def link(organizer, event, previous):
    """Sets `event`'s previous edition; the reply."""
    body = {"previous_event_id": previous["id"] if previous else None}
    return organizer.call("PATCH", f"/api/v1/events/{event['id']}", json=body)


def make_editions(organizer):
    """The three editions, each linked to the one before; oldest first."""
    events = [make_edition(organizer, title) for title in EDITIONS]
    for previous, event in itertools.pairwise(events):
        reply = link(organizer, event, previous)
        assert reply.status == 200, reply.body
        assert reply.body["previous_event_id"] == previous["id"]
    return events
